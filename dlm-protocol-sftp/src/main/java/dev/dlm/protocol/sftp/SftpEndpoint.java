package dev.dlm.protocol.sftp;

import java.util.Objects;
import java.util.Optional;

/**
 * One user at one SSH server: the key under which sessions are pooled.
 *
 * @param password a password from the URL or netrc; a prompted one is asked for only when the
 *     server gets as far as password authentication. Hidden from {@link #toString()}.
 */
record SftpEndpoint(String host, int port, String user, Optional<String> password) {

  SftpEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  String display() {
    return "sftp://" + user + "@" + host + (port == 22 ? "" : ":" + port);
  }

  @Override
  public String toString() {
    return display();
  }
}
