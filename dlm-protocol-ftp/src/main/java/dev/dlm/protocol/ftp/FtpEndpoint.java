package dev.dlm.protocol.ftp;

import java.util.Objects;

/**
 * One login at one server: the key under which control connections are pooled, so connections are
 * only ever reused for the same user on the same host, port and TLS mode.
 *
 * @param implicitTls whether TLS starts before the greeting ({@code ftps://})
 * @param password the password; hidden from {@link #toString()}
 */
record FtpEndpoint(boolean implicitTls, String host, int port, String user, String password) {

  static final String ANONYMOUS = "anonymous";

  FtpEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /** How the endpoint is named in messages: never with its password. */
  String display() {
    return (implicitTls ? "ftps://" : "ftp://") + user + "@" + host + ":" + port;
  }

  @Override
  public String toString() {
    return display();
  }
}
