package dev.dlm.protocol.http;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Contexts for tests: short timeouts, and never the developer's own ~/.netrc or proxies. */
final class TestContexts {

  private TestContexts() {}

  static ProtocolContext plain() {
    return with(false, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Optional.empty());
  }

  static ProtocolContext insecure() {
    return with(true, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Optional.empty());
  }

  static ProtocolContext readTimeout(Duration readTimeout) {
    return with(false, Optional.empty(), Optional.empty(), readTimeout, Optional.empty());
  }

  static ProtocolContext netrc(Path file) {
    return with(
        false, Optional.of(file), Optional.empty(), Duration.ofSeconds(5), Optional.empty());
  }

  static ProtocolContext cookies(Path file) {
    return with(
        false, Optional.empty(), Optional.of(file), Duration.ofSeconds(5), Optional.empty());
  }

  static ProtocolContext proxy(URI proxy) {
    return with(
        false, Optional.empty(), Optional.empty(), Duration.ofSeconds(5), Optional.of(proxy));
  }

  /** {@code context} with certificate checks off. */
  static ProtocolContext insecure(ProtocolContext context) {
    return copy(context, true, context.readTimeout(), context.netrcFile(), context.maxConnectionsPerHost(), context.options());
  }

  /** {@code context} with other protocol options, read timeout and connections per host. */
  static ProtocolContext tuned(
      ProtocolContext context, Map<String, String> options, Duration readTimeout, int maxConnectionsPerHost) {
    return copy(context, context.insecure(), readTimeout, context.netrcFile(), maxConnectionsPerHost, options);
  }

  /** A protocol that sees no proxy variables and no netrc unless the context names one. */
  static HttpProtocol protocol(ProtocolContext context) {
    ProtocolContext isolated =
        context.netrcFile().isPresent()
            ? context
            : copy(
                context,
                context.insecure(),
                context.readTimeout(),
                Optional.of(Path.of("/nonexistent/dlm-test-netrc")),
                context.maxConnectionsPerHost(),
                context.options());
    return new HttpProtocol(isolated, Map.of());
  }

  private static ProtocolContext copy(
      ProtocolContext context,
      boolean insecure,
      Duration readTimeout,
      Optional<Path> netrc,
      int maxConnectionsPerHost,
      Map<String, String> options) {
    return new ProtocolContext(
        context.connectTimeout(),
        readTimeout,
        insecure,
        context.proxy(),
        netrc,
        context.cookieFile(),
        context.userAgent(),
        maxConnectionsPerHost,
        options,
        context.prompt(),
        context.clock());
  }

  private static ProtocolContext with(
      boolean insecure,
      Optional<Path> netrc,
      Optional<Path> cookies,
      Duration readTimeout,
      Optional<URI> proxy) {
    return new ProtocolContext(
        Duration.ofSeconds(5),
        readTimeout,
        insecure,
        proxy,
        netrc,
        cookies,
        "dlm-test/1",
        4,
        Map.of(),
        Prompt.none(),
        Clock.systemUTC());
  }
}
