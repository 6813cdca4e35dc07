package dev.dlm.protocol.sftp;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Contexts and protocols shared by the SFTP tests, never using the real home directory. */
final class SftpFixtures {

  private SftpFixtures() {}

  static ProtocolContext context(Map<String, String> options, Prompt prompt, Path netrc) {
    return context(options, prompt, netrc, 16);
  }

  static ProtocolContext context(
      Map<String, String> options, Prompt prompt, Path netrc, int connectionsPerHost) {
    return new ProtocolContext(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        false,
        Optional.empty(),
        Optional.of(netrc),
        Optional.empty(),
        "dlm-test",
        connectionsPerHost,
        options,
        prompt,
        Clock.systemUTC());
  }

  /** A protocol whose home (default keys, known_hosts) is {@code home}, never the real one. */
  static SftpProtocol protocol(Path home, Map<String, String> options, Prompt prompt) {
    ProtocolContext context = context(options, prompt, home.resolve("netrc"));
    return new SftpProtocol(context, SftpSettings.from(context, home, Map.of()));
  }
}
