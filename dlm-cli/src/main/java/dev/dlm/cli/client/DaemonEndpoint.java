package dev.dlm.cli.client;

import dev.dlm.daemon.DaemonAddress;
import dev.dlm.daemon.DaemonHome;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Which daemon a client command talks to and with what token: {@code --server} and {@code --secret}
 * (or {@code DLM_SECRET}) when given, else what the daemon recorded in the home, else the default
 * address with no token.
 *
 * @param base the API's base URL, e.g. {@code http://127.0.0.1:6800}
 * @param token the bearer token, empty if none is known
 */
public record DaemonEndpoint(URI base, String token) {

  /** aria2's port, the default of {@code dlm daemon --listen}. */
  public static final URI DEFAULT = URI.create("http://127.0.0.1:6800");

  public static DaemonEndpoint locate(
      Optional<String> server, Optional<String> secret, Map<String, String> env, DaemonHome home) {
    Optional<DaemonAddress> recorded = DaemonAddress.read(home);
    URI base =
        server
            .map(DaemonEndpoint::serverUri)
            .orElseGet(() -> recorded.map(a -> URI.create(a.url())).orElse(DEFAULT));
    String token =
        secret
            .or(() -> Optional.ofNullable(env.get("DLM_SECRET")).filter(s -> !s.isBlank()))
            .orElseGet(() -> recorded.map(DaemonAddress::token).orElse(""));
    return new DaemonEndpoint(base, token);
  }

  /** The address for messages: {@code 127.0.0.1:6800}. */
  public String display() {
    return base.getAuthority();
  }

  /** Accepts {@code HOST:PORT} or a URL. */
  static URI serverUri(String text) {
    String t = text.strip();
    if (!t.contains("://")) {
      t = "http://" + t;
    }
    if (t.endsWith("/")) {
      t = t.substring(0, t.length() - 1);
    }
    URI uri = URI.create(t);
    if (uri.getHost() == null || uri.getPort() < 0 && !t.startsWith("https://")) {
      throw new ClientError(
          "--server must look like HOST:PORT or http://HOST:PORT, got '" + text + "'", 2);
    }
    return uri;
  }
}
