package dev.dlm.daemon.settings;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the daemon listens. Knows whether the address is loopback, because a daemon reachable from
 * other machines must not run without a secret.
 */
public record Listen(String host, int port) {

  public Listen {
    if (host.isBlank()) {
      throw new IllegalArgumentException("the host is empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("the port must be between 0 and 65535");
    }
  }

  /** Parses {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code :PORT} (loopback). */
  public static Listen parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("write HOST:PORT, e.g. 127.0.0.1:6800");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    try {
      return new Listen(host, Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the port is not a number", e);
    }
  }

  /** Whether only this machine can reach the address (a name that does not resolve is not). */
  public boolean loopback() {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
