package dev.dlm.protocol.ftp;

import static dev.dlm.protocol.ftp.FtpFixtures.context;
import static dev.dlm.testing.protocol.ProtocolKit.assertAuthFailedWithout;
import static dev.dlm.testing.protocol.ProtocolKit.assertFailsWith;
import static dev.dlm.testing.protocol.ProtocolKit.read;
import static dev.dlm.testing.protocol.ProtocolKit.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.TestData;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FtpProtocolTest {

  static final byte[] DATA = TestData.bytes(42, 3 * 1024 * 1024 + 17);

  @TempDir static Path root;
  @TempDir static Path work;
  static FtpTestServer server;
  static Protocol ftp;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    FtpTestServer.write(root.resolve("data.bin"), DATA);
    FtpTestServer.write(root.resolve(FtpTestServer.TRUNCATED), TestData.bytes(7, 256 * 1024));
    FtpTestServer.write(root.resolve(FtpTestServer.STALLED), TestData.bytes(8, 256 * 1024));
    FtpTestServer.write(root.resolve("tree/a.txt"), "alpha".getBytes());
    FtpTestServer.write(root.resolve("tree/sub/b.txt"), "bravo!".getBytes());
    FtpTestServer.write(root.resolve("tree/sub/deeper/c d.txt"), "charlie".getBytes());
    FtpTestServer.write(root.resolve(FtpTestServer.HOSTILE + "/fine.txt"), "fine".getBytes());
    Files.writeString(work.resolve("netrc"), "machine 127.0.0.1 login alice password s3cret\n");
    server = new FtpTestServer(root, work, FtpTestServer.Options.plain());
    ftp =
        new FtpProvider()
            .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")));
    base = "ftp://127.0.0.1:" + server.port() + "/";
  }

  @AfterAll
  static void stop() {
    ftp.close();
    server.close();
  }

  @Test
  void aDownloadGetsOneConnectionUnlessTheUserAsksForMore() throws Exception {
    Source source = source(base + "data.bin");
    RangedResource file = (RangedResource) ftp.probe(source);

    assertThat(ftp.preferredConnections(source, file)).hasValue(1);
  }

  @Test
  void probeReportsSizeAndModificationTime() throws Exception {
    Resource resource = ftp.probe(source(base + "data.bin"));

    assertThat(resource).isInstanceOf(RangedResource.class);
    RangedResource file = (RangedResource) resource;
    assertThat(file.lengthBytes()).isEqualTo(DATA.length);
    assertThat(file.rangeable()).isTrue();
    assertThat(file.validator().lastModified())
        .hasValueSatisfying(t -> assertThat(t).matches("\\d{14}(\\.\\d+)?"));
    assertThat(file.fileName()).hasValue("data.bin");
  }

  @Test
  void readsTheWholeFileByteExact() throws Exception {
    Source source = source(base + "data.bin");
    RangedResource file = (RangedResource) ftp.probe(source);

    assertThat(read(ftp, source, file, ByteRange.all())).isEqualTo(DATA);
  }

  @Test
  void readsARangeByteExactAndStopsAtItsEnd() throws Exception {
    Source source = source(base + "data.bin");
    RangedResource file = (RangedResource) ftp.probe(source);

    byte[] middle = read(ftp, source, file, new ByteRange(1_000_000, 1_250_000));

    assertThat(middle).isEqualTo(Arrays.copyOfRange(DATA, 1_000_000, 1_250_000));
  }

  @Test
  void resumesFromAnOffsetWithRest() throws Exception {
    Source source = source(base + "data.bin");
    RangedResource file = (RangedResource) ftp.probe(source);

    byte[] tail = read(ftp, source, file, new ByteRange(DATA.length - 4097, -1));

    assertThat(tail).isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 4097, DATA.length));
  }

  @Test
  void reusesTheControlConnectionAfterARangeCutShort() throws Exception {
    Protocol own =
        new FtpProvider()
            .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")));
    try (own) {
      Source source = source(base + "data.bin");
      RangedResource file = (RangedResource) own.probe(source);
      for (int i = 0; i < 5; i++) {
        long start = i * 100_000L;
        assertThat(read(own, source, file, new ByteRange(start, start + 10)))
            .isEqualTo(Arrays.copyOfRange(DATA, (int) start, (int) start + 10));
      }
      FtpProtocol protocol = (FtpProtocol) own;
      assertThat(protocol.idleConnections(protocol.endpoint(source.uri()))).isEqualTo(1);
    }
  }

  @Test
  void refusedProbesKeepTheirConnectionForTheNextCall() throws Exception {
    Protocol own =
        new FtpProvider()
            .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")));
    try (own) {
      FtpProtocol protocol = (FtpProtocol) own;
      FtpEndpoint endpoint = protocol.endpoint(URI.create(base));
      assertThatThrownBy(() -> own.probe(source(base + "missing.bin")))
          .isInstanceOf(TransferException.class);
      assertThatThrownBy(() -> own.probe(source(base + "tree")))
          .isInstanceOf(TransferException.class);

      assertThat(protocol.idleConnections(endpoint)).isEqualTo(1);
      assertThat(((RangedResource) own.probe(source(base + "data.bin"))).lengthBytes())
          .isEqualTo(DATA.length);
    }
  }

  @Test
  void aDataConnectionDroppedMidTransferIsTruncated() throws Exception {
    Source source = source(base + FtpTestServer.TRUNCATED);
    RangedResource file = (RangedResource) ftp.probe(source);

    assertFailsWith(ErrorKind.TRUNCATED, () -> read(ftp, source, file, ByteRange.all()));
  }

  @Test
  void aStalledTransferTimesOut() throws Exception {
    try (Protocol impatient =
        new FtpProvider()
            .create(context(Map.of(), false, Duration.ofMillis(400), work.resolve("none")))) {
      Source source = source(base + FtpTestServer.STALLED);
      RangedResource file = (RangedResource) impatient.probe(source);
      try (RangeStream stream = impatient.open(source, file, ByteRange.all())) {
        assertFailsWith(ErrorKind.TIMEOUT, () -> stream.body().readAllBytes());
      }
    } finally {
      server.releaseStall();
    }
  }

  @Test
  void wrongPasswordIsAuthFailed() {
    assertAuthFailedWithout("wrong",
        () -> ftp.probe(source("ftp://alice:wrong@127.0.0.1:" + server.port() + "/data.bin")));
  }

  @Test
  void logsInWithUrlCredentials() throws Exception {
    Resource resource =
        ftp.probe(source("ftp://alice:s3cret@127.0.0.1:" + server.port() + "/data.bin"));

    assertThat(((RangedResource) resource).lengthBytes()).isEqualTo(DATA.length);
  }

  @Test
  void logsInWithNetrcCredentials() throws Exception {
    try (Protocol withNetrc =
        new FtpProvider()
            .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("netrc")))) {
      FtpEndpoint endpoint = ((FtpProtocol) withNetrc).endpoint(URI.create(base + "data.bin"));
      Resource resource = withNetrc.probe(source(base + "data.bin"));

      assertThat(endpoint.user()).isEqualTo(FtpTestServer.USER);
      assertThat(((RangedResource) resource).lengthBytes()).isEqualTo(DATA.length);
    }
  }

  @Test
  void aMissingFileIsNotFound() {
    assertFailsWith(ErrorKind.NOT_FOUND, () -> ftp.probe(source(base + "no-such-file.bin")));
  }

  @Test
  void aDirectoryWithoutRecursionIsRefused() {
    assertFailsWith(ErrorKind.IS_DIRECTORY, () -> ftp.probe(source(base + "tree")));
  }

  @Test
  void aRecursiveDirectoryBecomesAManifestOfEveryFileBelow() throws Exception {
    Resource resource = ftp.probe(new Source(URI.create(base + "tree/"), List.of(), true));

    ManifestResource manifest = (ManifestResource) resource;
    assertThat(manifest.entries())
        .extracting(ManifestResource.Entry::relativePath)
        .containsExactlyInAnyOrder("tree/a.txt", "tree/sub/b.txt", "tree/sub/deeper/c d.txt");
    ManifestResource.Entry deep =
        manifest.entries().stream()
            .filter(e -> e.relativePath().endsWith("c d.txt"))
            .findFirst()
            .orElseThrow();
    assertThat(deep.lengthBytes()).isEqualTo(7);
    RangedResource child = (RangedResource) ftp.probe(deep.source());
    assertThat(read(ftp, deep.source(), child, ByteRange.all())).isEqualTo("charlie".getBytes());
  }

  @Test
  void hostileListingNamesAreSkipped() throws Exception {
    ManifestResource manifest =
        (ManifestResource)
            ftp.probe(new Source(URI.create(base + FtpTestServer.HOSTILE), List.of(), true));

    assertContained(manifest);
  }

  /**
   * A name with a newline splits the listing line, so the server itself lists a fragment ("new");
   * that fragment is harmless. What matters: every path stays one plain segment under the root.
   */
  static void assertContained(ManifestResource manifest) {
    assertThat(manifest.entries())
        .extracting(ManifestResource.Entry::relativePath)
        .contains("hostile/fine.txt")
        .allSatisfy(
            p -> assertThat(p).matches("hostile/[^/\\\\\\x00-\\x1f]+").doesNotContain(".."));
  }

  @Test
  void listParsingIsUsedWhenTheServerOffersNoMlsd() throws Exception {
    try (FtpTestServer old =
            new FtpTestServer(
                root,
                work,
                new FtpTestServer.Options(FtpTestServer.Tls.NONE, false, 0, false, true, false));
        Protocol protocol =
            new FtpProvider()
                .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")))) {
      String oldBase = "ftp://127.0.0.1:" + old.port() + "/";

      ManifestResource tree =
          (ManifestResource)
              protocol.probe(new Source(URI.create(oldBase + "tree"), List.of(), true));
      ManifestResource hostile =
          (ManifestResource)
              protocol.probe(
                  new Source(URI.create(oldBase + FtpTestServer.HOSTILE), List.of(), true));

      assertThat(tree.entries())
          .extracting(ManifestResource.Entry::relativePath)
          .containsExactlyInAnyOrder("tree/a.txt", "tree/sub/b.txt", "tree/sub/deeper/c d.txt");
      assertContained(hostile);
    }
  }

  @Test
  void windowsStyleListingsAreParsed() throws Exception {
    try (FtpTestServer iis =
            new FtpTestServer(
                root,
                work,
                new FtpTestServer.Options(FtpTestServer.Tls.NONE, false, 0, false, true, true));
        Protocol protocol =
            new FtpProvider()
                .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")))) {
      String iisBase = "ftp://127.0.0.1:" + iis.port() + "/";

      ManifestResource tree =
          (ManifestResource)
              protocol.probe(new Source(URI.create(iisBase + "tree"), List.of(), true));
      ManifestResource hostile =
          (ManifestResource)
              protocol.probe(
                  new Source(URI.create(iisBase + FtpTestServer.HOSTILE), List.of(), true));

      assertThat(tree.entries())
          .extracting(ManifestResource.Entry::relativePath, ManifestResource.Entry::lengthBytes)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("tree/a.txt", 5L),
              org.assertj.core.groups.Tuple.tuple("tree/sub/b.txt", 6L),
              org.assertj.core.groups.Tuple.tuple("tree/sub/deeper/c d.txt", 7L));
      assertContained(hostile);
    }
  }

  @Test
  void aFileThatGrowsBetweenProbeAndOpenIsDetected() throws Exception {
    Path file = root.resolve("growing.bin");
    FtpTestServer.write(file, TestData.bytes(1, 10_000));
    Source source = source(base + "growing.bin");
    RangedResource probed = (RangedResource) ftp.probe(source);
    FtpTestServer.write(file, TestData.bytes(1, 12_000));

    assertFailsWith(ErrorKind.REMOTE_CHANGED,
        () -> read(ftp, source, probed, new ByteRange(5_000, -1)));
  }

  @Test
  void aFileRewrittenWithTheSameSizeIsDetectedByItsModificationTime() throws Exception {
    Path file = root.resolve("rewritten.bin");
    FtpTestServer.write(file, TestData.bytes(1, 10_000));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    Source source = source(base + "rewritten.bin");
    RangedResource probed = (RangedResource) ftp.probe(source);
    FtpTestServer.write(file, TestData.bytes(2, 10_000));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));

    assertFailsWith(ErrorKind.REMOTE_CHANGED, () -> read(ftp, source, probed, ByteRange.all()));
  }

  @Test
  void activeModeReadsTheSameBytes() throws Exception {
    try (Protocol active =
        new FtpProvider()
            .create(
                context(
                    Map.of("ftp.mode", "active"),
                    false,
                    Duration.ofSeconds(5),
                    work.resolve("none")))) {
      Source source = source(base + "data.bin");
      RangedResource file = (RangedResource) active.probe(source);

      assertThat(read(active, source, file, new ByteRange(10, 100_010)))
          .isEqualTo(Arrays.copyOfRange(DATA, 10, 100_010));
    }
  }

  @Test
  void tooManyConnectionsIsReportedSoTheEngineUsesFewer() throws Exception {
    try (FtpTestServer strict =
            new FtpTestServer(
                root,
                work,
                new FtpTestServer.Options(FtpTestServer.Tls.NONE, false, 1, true, true, false));
        Protocol protocol =
            new FtpProvider()
                .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")))) {
      Source source = source("ftp://127.0.0.1:" + strict.port() + "/data.bin");
      RangedResource file = (RangedResource) protocol.probe(source);
      try (RangeStream first = protocol.open(source, file, new ByteRange(0, 1000))) {
        assertThatThrownBy(() -> protocol.open(source, file, new ByteRange(1000, 2000)))
            .isInstanceOfSatisfying(
                TransferException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(ErrorKind.TOO_MANY_CONNECTIONS);
                  assertThat(e.retryable()).isTrue();
                });
        assertThat(first.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(DATA, 0, 1000));
      }
    }
  }

  @Test
  void aServerWithoutRestMakesRangesFallBackToOneStream() throws Exception {
    try (FtpTestServer noRest =
            new FtpTestServer(
                root,
                work,
                new FtpTestServer.Options(FtpTestServer.Tls.NONE, false, 0, true, false, false));
        Protocol protocol =
            new FtpProvider()
                .create(context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none")))) {
      Source source = source("ftp://127.0.0.1:" + noRest.port() + "/data.bin");
      RangedResource file = (RangedResource) protocol.probe(source);

      assertFailsWith(ErrorKind.RANGE_IGNORED,
          () -> read(protocol, source, file, new ByteRange(10, 20)));
      assertThat(read(protocol, source, file, ByteRange.all())).isEqualTo(DATA);
    }
  }

  @Test
  void anUnknownModeOptionFailsLoudly() {
    assertThatThrownBy(
            () ->
                new FtpProvider()
                    .create(
                        context(
                            Map.of("ftp.mode", "sideways"),
                            false,
                            Duration.ofSeconds(5),
                            work.resolve("none"))))
        .hasMessageContaining("ftp.mode");
  }
}
