package dev.dlm.protocol.ftp;

import static dev.dlm.protocol.ftp.FtpFixtures.context;
import static dev.dlm.testing.engine.EngineKit.assertCompleted;
import static dev.dlm.testing.engine.EngineKit.assertHostCapHoldsAcrossDownloads;
import static dev.dlm.testing.engine.EngineKit.assertStopsAndResumes;
import static dev.dlm.testing.engine.EngineKit.outcome;
import static dev.dlm.testing.engine.EngineKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.Engine;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.store.sqlite.SqliteJobStore;
import dev.dlm.testing.TestData;
import dev.dlm.testing.engine.EngineKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FTP through the real engine and job store: segments, resume, 421, directories. */
class FtpEngineTest {

  static final byte[] DATA = TestData.bytes(5, 3 * 1024 * 1024 + 3);

  @TempDir static Path root;
  @TempDir static Path work;
  static FtpTestServer server;
  static FtpTestServer strict;
  static String dataSha256;

  @BeforeAll
  static void start() throws Exception {
    FtpTestServer.write(root.resolve("data.bin"), DATA);
    dataSha256 = TestData.sha256(DATA);
    FtpTestServer.write(root.resolve("tree/a.txt"), "alpha".getBytes());
    FtpTestServer.write(root.resolve("tree/sub/b.txt"), "bravo!".getBytes());
    FtpTestServer.write(root.resolve(FtpTestServer.HOSTILE + "/fine.txt"), "fine".getBytes());
    server = new FtpTestServer(root, work, FtpTestServer.Options.plain());
    strict =
        new FtpTestServer(
            root,
            work,
            new FtpTestServer.Options(FtpTestServer.Tls.NONE, false, 2, true, true, false));
  }

  @AfterAll
  static void stop() {
    server.close();
    strict.close();
  }

  private static Engine engine(Path store) {
    return engine(store, 16, new FtpProvider());
  }

  private static Engine engine(Path store, int connectionsPerHost, ProtocolProvider provider) {
    return EngineKit.engine(
        context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none"), connectionsPerHost),
        SqliteJobStore.open(store),
        provider);
  }

  @Test
  void aSegmentedDownloadOverSeveralConnectionsIsByteExact(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + server.port() + "/data.bin", target, 6, 0, false)));

      assertCompleted(outcome, dataSha256);
      assertThat(Files.readAllBytes(target.resolve("data.bin"))).isEqualTo(DATA);
    }
  }

  @Test
  void aStoppedDownloadResumesToTheSameBytes(@TempDir Path target) throws Exception {
    Path jobs = target.resolve("jobs.db");
    String url = "ftp://127.0.0.1:" + server.port() + "/data.bin";

    assertStopsAndResumes(
        () -> engine(jobs),
        request(url, target, 4, 1024 * 1024, false),
        request(url, target, 4, 0, false),
        dataSha256);
  }

  @Test
  void aServerLimitingConnectionsStillCompletes(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + strict.port() + "/data.bin", target, 8, 0, false)));

      assertCompleted(outcome, dataSha256);
    }
  }

  /** The engine, not the protocol, bounds the connections in use per host. */
  @Test
  void connectionsPerHostAreBoundedAcrossDownloads(@TempDir Path target) throws Exception {
    assertHostCapHoldsAcrossDownloads(
        (cap, provider) -> engine(target.resolve("jobs.db"), cap, provider),
        new FtpProvider(),
        "ftp://127.0.0.1:" + server.port() + "/data.bin",
        target,
        dataSha256);
  }

  @Test
  void aRecursiveDownloadMirrorsTheTreeInsideTheTarget(@TempDir Path target) throws Exception {
    Path into = target.resolve("into");
    Files.createDirectories(into);
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome tree =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + server.port() + "/tree/", into, 2, 0, true)));
      DownloadOutcome hostile =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + server.port() + "/hostile", into, 2, 0, true)));

      assertThat(tree).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(hostile).isNotNull();
      assertThat(Files.readString(into.resolve("tree/a.txt"))).isEqualTo("alpha");
      assertThat(Files.readString(into.resolve("tree/sub/b.txt"))).isEqualTo("bravo!");
      assertThat(Files.readString(into.resolve("hostile/fine.txt"))).isEqualTo("fine");
      try (Stream<Path> everything = Files.walk(target)) {
        assertThat(everything).allSatisfy(p -> assertThat(p.normalize()).startsWith(target));
      }
      try (Stream<Path> besideTarget = Files.list(target.getParent())) {
        assertThat(besideTarget.map(p -> p.getFileName().toString())).doesNotContain("escape", "x");
      }
    }
  }
}
