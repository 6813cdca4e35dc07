package dev.dlm.protocol.ftp;

import static dev.dlm.protocol.ftp.FtpFixtures.context;
import static dev.dlm.protocol.ftp.FtpFixtures.read;
import static dev.dlm.protocol.ftp.FtpFixtures.seeded;
import static dev.dlm.protocol.ftp.FtpFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtpsTest {

  static final byte[] DATA = seeded(700_001, 99);

  @TempDir static Path root;
  @TempDir static Path work;

  @BeforeAll
  static void files() {
    FtpTestServer.write(root.resolve("secret.bin"), DATA);
  }

  private static Protocol protocol(Map<String, String> options, boolean insecure) {
    return new FtpProvider()
        .create(context(options, insecure, Duration.ofSeconds(5), work.resolve("none")));
  }

  private static FtpTestServer server(FtpTestServer.Tls tls, boolean demandTls) throws Exception {
    return new FtpTestServer(
        root, work, new FtpTestServer.Options(tls, demandTls, 0, true, true, false));
  }

  @Test
  void implicitTlsForFtpsUrlsReadsByteExactRanges() throws Exception {
    try (FtpTestServer server = server(FtpTestServer.Tls.IMPLICIT, false);
        Protocol ftps = protocol(Map.of(), true)) {
      Source source = source("ftps://127.0.0.1:" + server.port() + "/secret.bin");
      RangedResource file = (RangedResource) ftps.probe(source);

      assertThat(file.lengthBytes()).isEqualTo(DATA.length);
      assertThat(read(ftps, source, file, new ByteRange(123, 456_789)))
          .isEqualTo(Arrays.copyOfRange(DATA, 123, 456_789));
      assertThat(read(ftps, source, file, ByteRange.all())).isEqualTo(DATA);
    }
  }

  @Test
  void explicitTlsByOptionProtectsTheDataChannelToo() throws Exception {
    try (FtpTestServer server = server(FtpTestServer.Tls.EXPLICIT, true);
        Protocol ftp = protocol(Map.of("ftp.tls", "explicit"), true)) {
      Source source = source("ftp://alice:s3cret@127.0.0.1:" + server.port() + "/secret.bin");
      RangedResource file = (RangedResource) ftp.probe(source);

      assertThat(read(ftp, source, file, ByteRange.all())).isEqualTo(DATA);
    }
  }

  @Test
  void aServerDemandingTlsGetsAnExplicitTlsLoginAutomatically() throws Exception {
    try (FtpTestServer server = server(FtpTestServer.Tls.EXPLICIT, true);
        Protocol ftp = protocol(Map.of(), true)) {
      Source source = source("ftp://alice:s3cret@127.0.0.1:" + server.port() + "/secret.bin");
      RangedResource file = (RangedResource) ftp.probe(source);

      assertThat(read(ftp, source, file, new ByteRange(500_000, -1)))
          .isEqualTo(Arrays.copyOfRange(DATA, 500_000, DATA.length));
    }
  }

  @Test
  void anUntrustedCertificateIsRefusedUnlessInsecure() throws Exception {
    try (FtpTestServer server = server(FtpTestServer.Tls.IMPLICIT, false);
        Protocol ftps = protocol(Map.of(), false)) {
      Source source = source("ftps://127.0.0.1:" + server.port() + "/secret.bin");

      assertThatThrownBy(() -> ftps.probe(source))
          .isInstanceOfSatisfying(
              TransferException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.TLS);
                assertThat(e.getMessage()).contains("--insecure");
              });
    }
  }
}
