package dev.dlm.spi;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Engine-wide settings every protocol honours. Per-download settings travel in {@link Source}.
 *
 * @param connectTimeout how long to wait for a connection (and TLS handshake)
 * @param readTimeout how long a stalled read may block before the connection counts as failed
 * @param insecure skip certificate and host-name verification (user opt-in only)
 * @param proxy an explicit proxy ({@code http://}, {@code https://} or {@code socks5://}); empty means
 *     the usual environment variables ({@code http_proxy}, {@code https_proxy}, {@code all_proxy},
 *     {@code no_proxy}) decide
 * @param netrcFile the netrc file to read credentials from; empty means {@code ~/.netrc} if present
 * @param cookieFile a Netscape-format cookie file to send cookies from; empty means none
 * @param userAgent the client name sent where the protocol has one
 * @param maxConnectionsPerHost upper bound on open connections to one host
 * @param options protocol-specific settings, keys prefixed by protocol (for example {@code
 *     ftp.tls=explicit}); unknown keys are ignored
 * @param prompt asks the user for passwords and passphrases; {@link Prompt#none()} when headless
 * @param clock the time source (tests inject a fixed one)
 */
public record ProtocolContext(
    Duration connectTimeout,
    Duration readTimeout,
    boolean insecure,
    Optional<URI> proxy,
    Optional<Path> netrcFile,
    Optional<Path> cookieFile,
    String userAgent,
    int maxConnectionsPerHost,
    Map<String, String> options,
    Prompt prompt,
    Clock clock) {

  public ProtocolContext {
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(netrcFile, "netrcFile");
    Objects.requireNonNull(cookieFile, "cookieFile");
    Objects.requireNonNull(userAgent, "userAgent");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(clock, "clock");
    options = Map.copyOf(options);
    if (maxConnectionsPerHost < 1) {
      throw new IllegalArgumentException("maxConnectionsPerHost must be at least 1");
    }
  }

  /** Defaults suitable for tests and embedding: 10 s connect, 30 s read, secure, no proxy override. */
  public static ProtocolContext defaults() {
    return new ProtocolContext(
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        false,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "dlm/0.1",
        16,
        Map.of(),
        Prompt.none(),
        Clock.systemUTC());
  }

  /** The protocol-specific option {@code key}, if set. */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }
}
