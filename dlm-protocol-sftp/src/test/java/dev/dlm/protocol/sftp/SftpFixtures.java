package dev.dlm.protocol.sftp;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/** Contexts, protocols, seeded data and read helpers shared by the SFTP tests. */
final class SftpFixtures {

  private SftpFixtures() {}

  static byte[] seeded(int lengthBytes, long seed) {
    byte[] bytes = new byte[lengthBytes];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  static ProtocolContext context(Map<String, String> options, Prompt prompt, Path netrc) {
    return new ProtocolContext(
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        false,
        Optional.empty(),
        Optional.of(netrc),
        Optional.empty(),
        "dlm-test",
        16,
        options,
        prompt,
        Clock.systemUTC());
  }

  /** A protocol whose home (default keys, known_hosts) is {@code home}, never the real one. */
  static SftpProtocol protocol(Path home, Map<String, String> options, Prompt prompt) {
    ProtocolContext context = context(options, prompt, home.resolve("netrc"));
    return new SftpProtocol(context, SftpSettings.from(context, home, Map.of()));
  }

  static Source source(String url) {
    return Source.of(URI.create(url));
  }

  static byte[] read(Protocol protocol, Source source, RangedResource resource, ByteRange range)
      throws IOException {
    try (RangeStream stream = protocol.open(source, resource, range)) {
      return stream.body().readAllBytes();
    }
  }
}
