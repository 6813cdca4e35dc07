package dev.dlm.protocol.ftp;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Protocol contexts shared by the FTP tests. */
final class FtpFixtures {

  private FtpFixtures() {}

  static ProtocolContext context(
      Map<String, String> options, boolean insecure, Duration readTimeout, Path netrc) {
    return context(options, insecure, readTimeout, netrc, 16);
  }

  static ProtocolContext context(
      Map<String, String> options,
      boolean insecure,
      Duration readTimeout,
      Path netrc,
      int connectionsPerHost) {
    return new ProtocolContext(
        Duration.ofSeconds(5),
        readTimeout,
        insecure,
        Optional.empty(),
        Optional.of(netrc),
        Optional.empty(),
        "dlm-test",
        connectionsPerHost,
        options,
        Prompt.none(),
        Clock.systemUTC());
  }
}
