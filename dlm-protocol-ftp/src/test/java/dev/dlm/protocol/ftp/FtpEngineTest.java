package dev.dlm.protocol.ftp;

import static dev.dlm.protocol.ftp.FtpFixtures.context;
import static dev.dlm.protocol.ftp.FtpFixtures.seeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.Engine;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.ProtocolRegistry;
import dev.dlm.core.RetryPolicy;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.store.sqlite.SqliteJobStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FTP through the real engine and job store: segments, resume, 421, directories. */
class FtpEngineTest {

  static final byte[] DATA = seeded(3 * 1024 * 1024 + 3, 5);

  @TempDir static Path root;
  @TempDir static Path work;
  static FtpTestServer server;
  static FtpTestServer strict;
  static String dataSha256;

  @BeforeAll
  static void start() throws Exception {
    FtpTestServer.write(root.resolve("data.bin"), DATA);
    dataSha256 = sha256(DATA);
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
    ProtocolContext protocol =
        context(Map.of(), false, Duration.ofSeconds(5), work.resolve("none"));
    EngineConfig config =
        new EngineConfig(
            protocol,
            8,
            64 * 1024,
            Duration.ofMillis(50),
            256 * 1024,
            new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(50)),
            0,
            Duration.ofSeconds(60),
            0,
            Clock.systemUTC());
    return new Engine(
        config,
        SqliteJobStore.open(store),
        ProtocolRegistry.of(protocol, List.of(new FtpProvider())));
  }

  private static DownloadRequest request(
      String url, Path target, int connections, long limit, boolean recursive) {
    return new DownloadRequest(
        List.of(URI.create(url)),
        target,
        Optional.empty(),
        connections,
        limit,
        Optional.empty(),
        List.of(),
        false,
        recursive);
  }

  private static DownloadOutcome outcome(Download download) throws Exception {
    return download.outcome().get(60, TimeUnit.SECONDS);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void aSegmentedDownloadOverSeveralConnectionsIsByteExact(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + server.port() + "/data.bin", target, 6, 0, false)));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              DownloadOutcome.Completed.class,
              done -> assertThat(done.sha256Hex()).containsExactly(dataSha256));
      assertThat(Files.readAllBytes(target.resolve("data.bin"))).isEqualTo(DATA);
    }
  }

  @Test
  void aStoppedDownloadResumesToTheSameBytes(@TempDir Path target) throws Exception {
    Path jobs = target.resolve("jobs.db");
    DownloadRequest request =
        request("ftp://127.0.0.1:" + server.port() + "/data.bin", target, 4, 1024 * 1024, false);
    try (Engine engine = engine(jobs)) {
      Download first = engine.start(request);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> first.snapshot().completedBytes() > 500_000);
      first.stop();
      assertThat(outcome(first)).isInstanceOf(DownloadOutcome.Stopped.class);
    }
    List<DownloadEvent.Planned> plans = new CopyOnWriteArrayList<>();
    try (Engine engine = engine(jobs)) {
      engine
          .events()
          .subscribe(
              e -> {
                if (e instanceof DownloadEvent.Planned planned) {
                  plans.add(planned);
                }
              });
      DownloadRequest unlimited =
          request("ftp://127.0.0.1:" + server.port() + "/data.bin", target, 4, 0, false);
      DownloadOutcome outcome = outcome(engine.start(unlimited));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              DownloadOutcome.Completed.class,
              done -> assertThat(done.sha256Hex()).containsExactly(dataSha256));
      await().atMost(Duration.ofSeconds(5)).until(() -> !plans.isEmpty());
      assertThat(plans.getFirst().resumedBytes()).isGreaterThan(0);
    }
  }

  @Test
  void aServerLimitingConnectionsStillCompletes(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(
              engine.start(
                  request("ftp://127.0.0.1:" + strict.port() + "/data.bin", target, 8, 0, false)));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              DownloadOutcome.Completed.class,
              done -> assertThat(done.sha256Hex()).containsExactly(dataSha256));
    }
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
