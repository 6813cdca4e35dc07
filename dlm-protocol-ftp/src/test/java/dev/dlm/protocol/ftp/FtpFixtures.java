package dev.dlm.protocol.ftp;

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

/** Contexts, seeded data and read helpers shared by the FTP tests. */
final class FtpFixtures {

  private FtpFixtures() {}

  static byte[] seeded(int lengthBytes, long seed) {
    byte[] bytes = new byte[lengthBytes];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

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
