package dev.dlm.protocol.sftp;

import static dev.dlm.protocol.sftp.SftpFixtures.protocol;
import static dev.dlm.protocol.sftp.SftpFixtures.read;
import static dev.dlm.protocol.sftp.SftpFixtures.seeded;
import static dev.dlm.protocol.sftp.SftpFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SftpProtocolTest {

  static final byte[] DATA = seeded(8 * 1024 * 1024 + 5, 11);

  @TempDir static Path root;
  @TempDir static Path home;
  static KeyPair userKey;
  static SftpTestServer server;
  static SftpProtocol sftp;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Files.write(root.resolve("data.bin"), DATA);
    Files.createDirectories(root.resolve("tree/sub/deeper"));
    Files.writeString(root.resolve("tree/a.txt"), "alpha");
    Files.writeString(root.resolve("tree/sub/b.txt"), "bravo!");
    Files.writeString(root.resolve("tree/sub/deeper/c d.txt"), "charlie");
    Files.writeString(root.resolve("tree/sub/bell\u0007name"), "hostile");
    Files.writeString(root.resolve("tree/sub/new\nline"), "hostile");
    Files.createSymbolicLink(root.resolve("tree/sub/loop"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("tree/sub/self"), Path.of("."));
    Files.createSymbolicLink(root.resolve("tree/link-to-a.txt"), Path.of("a.txt"));
    Files.createSymbolicLink(root.resolve("tree/dangling"), Path.of("nowhere"));
    Files.createSymbolicLink(root.resolve("tree/out"), Path.of(".."));
    Files.createSymbolicLink(root.resolve("tree/data-outside"), Path.of("../data.bin"));
    userKey = SftpTestServer.ed25519();
    server = new SftpTestServer(root, SftpTestServer.ed25519(), userKey.getPublic());
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine(server.hostKey()));
    sftp = protocol(home, Map.of(), Prompt.none());
    base =
        "sftp://"
            + SftpTestServer.USER
            + ":"
            + SftpTestServer.PASSWORD
            + "@127.0.0.1:"
            + server.port();
  }

  @AfterAll
  static void stop() throws Exception {
    sftp.close();
    server.close();
  }

  @Test
  void probeReportsSizeAndModificationTime() throws Exception {
    RangedResource file = (RangedResource) sftp.probe(source(base + "/data.bin"));

    assertThat(file.lengthBytes()).isEqualTo(DATA.length);
    assertThat(file.rangeable()).isTrue();
    assertThat(file.validator().lastModified()).isPresent();
    assertThat(file.fileName()).hasValue("data.bin");
  }

  @Test
  void readsTheWholeFileByteExactWithPipelinedRequests() throws Exception {
    Source source = source(base + "/data.bin");
    RangedResource file = (RangedResource) sftp.probe(source);

    assertThat(read(sftp, source, file, ByteRange.all())).isEqualTo(DATA);
  }

  @Test
  void readsRangesByteExactAndResumesFromAnOffset() throws Exception {
    Source source = source(base + "/data.bin");
    RangedResource file = (RangedResource) sftp.probe(source);

    assertThat(read(sftp, source, file, new ByteRange(1, 2)))
        .isEqualTo(Arrays.copyOfRange(DATA, 1, 2));
    assertThat(read(sftp, source, file, new ByteRange(3_000_000, 5_123_457)))
        .isEqualTo(Arrays.copyOfRange(DATA, 3_000_000, 5_123_457));
    assertThat(read(sftp, source, file, new ByteRange(DATA.length - 70_000, -1)))
        .isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 70_000, DATA.length));
  }

  @Test
  void reusesOneSessionForSuccessiveRanges() throws Exception {
    try (SftpProtocol own = protocol(home, Map.of(), Prompt.none())) {
      Source source = source(base + "/data.bin");
      RangedResource file = (RangedResource) own.probe(source);
      for (int i = 0; i < 4; i++) {
        read(own, source, file, new ByteRange(i * 1_000_000L, i * 1_000_000L + 10));
      }

      assertThat(own.idleSessions(own.endpoint(source.uri()))).isEqualTo(1);
    }
  }

  @Test
  void aStreamClosedBeforeItsEndDropsItsSessionInsteadOfDraining() throws Exception {
    try (SftpProtocol own = protocol(home, Map.of(), Prompt.none())) {
      Source source = source(base + "/data.bin");
      RangedResource file = (RangedResource) own.probe(source);
      try (RangeStream stream = own.open(source, file, ByteRange.all())) {
        assertThat(stream.body().readNBytes(10)).isEqualTo(Arrays.copyOfRange(DATA, 0, 10));
      }

      assertThat(own.idleSessions(own.endpoint(source.uri()))).isZero();
      assertThat(read(own, source, file, new ByteRange(20, 30)))
          .isEqualTo(Arrays.copyOfRange(DATA, 20, 30));
    }
  }

  @Test
  void logsInWithAPublicKey() throws Exception {
    Path key = SftpTestServer.writePrivateKey(home.resolve("plain_key"), userKey, null);
    try (SftpProtocol withKey =
        protocol(home, Map.of("sftp.identity", key.toString()), Prompt.none())) {
      String url = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + server.port() + "/data.bin";

      assertThat(((RangedResource) withKey.probe(source(url))).lengthBytes())
          .isEqualTo(DATA.length);
    }
  }

  @ParameterizedTest
  @CsvSource({"ssh-rsa, 3072", "ecdsa-sha2-nistp256, 256"})
  void logsInWithRsaAndEcdsaKeys(String type, int bits, @TempDir Path keys) throws Exception {
    KeyPair key = KeyUtils.generateKeyPair(type, bits);
    Path file = SftpTestServer.writePrivateKey(keys.resolve("id"), key, null);
    try (SftpTestServer own = new SftpTestServer(root, SftpTestServer.ed25519(), key.getPublic())) {
      Path ownHome = keys.resolve("home");
      Files.createDirectories(ownHome.resolve(".ssh"));
      Files.writeString(ownHome.resolve(".ssh/known_hosts"), own.knownHostsLine(own.hostKey()));
      try (SftpProtocol withKey =
          protocol(ownHome, Map.of("sftp.identity", file.toString()), Prompt.none())) {
        String url = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + own.port() + "/data.bin";

        assertThat(((RangedResource) withKey.probe(source(url))).lengthBytes())
            .isEqualTo(DATA.length);
      }
    }
  }

  @Test
  void anEncryptedKeyAsksForItsPassphrase() throws Exception {
    Path key = SftpTestServer.writePrivateKey(home.resolve("locked_key"), userKey, "open sesame");
    List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();
    Prompt prompt =
        question -> {
          questions.add(question);
          return question.startsWith("Passphrase")
              ? Optional.of("open sesame".toCharArray())
              : Optional.empty();
        };
    try (SftpProtocol withKey = protocol(home, Map.of("sftp.identity", key.toString()), prompt)) {
      String url = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + server.port() + "/data.bin";

      assertThat(((RangedResource) withKey.probe(source(url))).lengthBytes())
          .isEqualTo(DATA.length);
      assertThat(questions).singleElement().asString().contains("locked_key");
    }
  }

  @Test
  void asksForAPasswordWhenNoKeyWorks() throws Exception {
    Prompt prompt = question -> Optional.of(SftpTestServer.PASSWORD.toCharArray());
    try (SftpProtocol prompted = protocol(home, Map.of(), prompt)) {
      String url = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + server.port() + "/data.bin";

      assertThat(((RangedResource) prompted.probe(source(url))).lengthBytes())
          .isEqualTo(DATA.length);
    }
  }

  @Test
  void readsThePasswordFromNetrc() throws Exception {
    Files.writeString(home.resolve("netrc"), "machine 127.0.0.1 login bob password hunter2\n");
    try (SftpProtocol withNetrc = protocol(home, Map.of(), Prompt.none())) {
      String url = "sftp://127.0.0.1:" + server.port() + "/data.bin";

      assertThat(((RangedResource) withNetrc.probe(source(url))).lengthBytes())
          .isEqualTo(DATA.length);
    } finally {
      Files.delete(home.resolve("netrc"));
    }
  }

  @Test
  void wrongPasswordIsAuthFailed() {
    String url = "sftp://bob:wrong@127.0.0.1:" + server.port() + "/data.bin";

    assertThatThrownBy(() -> sftp.probe(source(url)))
        .isInstanceOfSatisfying(
            TransferException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ErrorKind.AUTH_FAILED);
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage()).doesNotContain("wrong");
            });
  }

  @Test
  void aMissingFileIsNotFound() {
    assertThatThrownBy(() -> sftp.probe(source(base + "/no-such-file")))
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
  }

  @Test
  void permissionDeniedIsForbidden() {
    TransferException e =
        SftpFailures.of(
            new SftpException(SftpConstants.SSH_FX_PERMISSION_DENIED, "Permission denied"), "x");

    assertThat(e.kind()).isEqualTo(ErrorKind.FORBIDDEN);
  }

  @Test
  void aDirectoryWithoutRecursionIsRefused() {
    assertThatThrownBy(() -> sftp.probe(source(base + "/tree")))
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.IS_DIRECTORY));
  }

  @Test
  void aRecursiveWalkSkipsHostileNamesEndsSymlinkLoopsAndStaysInTheTree() throws Exception {
    Resource resource = sftp.probe(new Source(URI.create(base + "/tree/"), List.of(), true));

    ManifestResource manifest = (ManifestResource) resource;
    assertThat(manifest.entries())
        .extracting(ManifestResource.Entry::relativePath)
        .containsExactlyInAnyOrder(
            "tree/a.txt", "tree/link-to-a.txt", "tree/sub/b.txt", "tree/sub/deeper/c d.txt");
    ManifestResource.Entry deep =
        manifest.entries().stream()
            .filter(e -> e.relativePath().endsWith("c d.txt"))
            .findFirst()
            .orElseThrow();
    RangedResource child = (RangedResource) sftp.probe(deep.source());
    assertThat(read(sftp, deep.source(), child, ByteRange.all())).isEqualTo("charlie".getBytes());
  }

  @Test
  void aFileRewrittenBetweenProbeAndOpenIsDetected() throws Exception {
    Path file = root.resolve("rewritten.bin");
    Files.write(file, seeded(10_000, 1));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
    Source source = source(base + "/rewritten.bin");
    RangedResource probed = (RangedResource) sftp.probe(source);
    Files.write(file, seeded(10_000, 2));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));

    assertThatThrownBy(() -> read(sftp, source, probed, new ByteRange(100, 200)))
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.REMOTE_CHANGED));
  }

  @Test
  void aFileThatShrinksMidReadIsTruncated() throws Exception {
    Path file = root.resolve("shrinking.bin");
    Files.write(file, seeded(1_000_000, 3));
    Source source = source(base + "/shrinking.bin");
    RangedResource probed = (RangedResource) sftp.probe(source);
    try (RangeStream stream = sftp.open(source, probed, ByteRange.all())) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(300_000);
      }
      assertThatThrownBy(() -> stream.body().readAllBytes())
          .isInstanceOfSatisfying(
              TransferException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TRUNCATED));
    }
  }

  @Test
  void aSessionDroppedMidTransferIsARetryableNetworkFailure(@TempDir Path ownHome)
      throws Exception {
    try (SftpTestServer dropping =
        new SftpTestServer(root, SftpTestServer.ed25519(), userKey.getPublic())) {
      Files.createDirectories(ownHome.resolve(".ssh"));
      Files.writeString(
          ownHome.resolve(".ssh/known_hosts"), dropping.knownHostsLine(dropping.hostKey()));
      try (SftpProtocol own = protocol(ownHome, Map.of(), Prompt.none())) {
        Source source = source("sftp://bob:hunter2@127.0.0.1:" + dropping.port() + "/data.bin");
        RangedResource file = (RangedResource) own.probe(source);
        try (RangeStream stream = own.open(source, file, ByteRange.all())) {
          InputStream body = stream.body();
          assertThat(body.readNBytes(100_000)).isEqualTo(Arrays.copyOfRange(DATA, 0, 100_000));
          dropping.dropSessions();

          assertThatThrownBy(() -> body.readAllBytes())
              .isInstanceOfSatisfying(
                  TransferException.class, e -> assertThat(e.retryable()).isTrue());
        }
        assertThat(own.idleSessions(own.endpoint(source.uri()))).isZero();
      }
    }
  }
}
