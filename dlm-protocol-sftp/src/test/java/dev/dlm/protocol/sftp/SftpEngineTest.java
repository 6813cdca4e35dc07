package dev.dlm.protocol.sftp;

import static dev.dlm.protocol.sftp.SftpFixtures.context;
import static dev.dlm.protocol.sftp.SftpFixtures.seeded;
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
import dev.dlm.spi.Prompt;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP through the real engine and job store: segments, resume, directories with loops. */
class SftpEngineTest {

  static final byte[] DATA = seeded(4 * 1024 * 1024 + 9, 21);

  @TempDir static Path root;
  @TempDir static Path home;
  static SftpTestServer server;
  static String base;
  static String dataSha256;

  @BeforeAll
  static void start() throws Exception {
    Files.write(root.resolve("data.bin"), DATA);
    dataSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(DATA));
    Files.createDirectories(root.resolve("tree/sub"));
    Files.writeString(root.resolve("tree/a.txt"), "alpha");
    Files.writeString(root.resolve("tree/sub/b.txt"), "bravo!");
    Files.writeString(root.resolve("tree/sub/odd\u001bname"), "escape sequence");
    Files.createSymbolicLink(root.resolve("tree/sub/up"), Path.of(".."));
    server =
        new SftpTestServer(root, SftpTestServer.ed25519(), SftpTestServer.ed25519().getPublic());
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine(server.hostKey()));
    base = "sftp://bob:hunter2@127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /**
   * The provider as ServiceLoader would build it, but with the test home instead of the real one.
   */
  private static Engine engine(Path store) {
    ProtocolContext protocol = context(Map.of(), Prompt.none(), home.resolve("netrc"));
    ProtocolProvider provider =
        new ProtocolProvider() {
          @Override
          public Set<String> schemes() {
            return new SftpProvider().schemes();
          }

          @Override
          public Protocol create(ProtocolContext context) {
            return new SftpProtocol(context, SftpSettings.from(context, home, Map.of()));
          }
        };
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
        config, SqliteJobStore.open(store), ProtocolRegistry.of(protocol, List.of(provider)));
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

  @Test
  void aSegmentedDownloadOverSeveralSessionsIsByteExact(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(engine.start(request(base + "/data.bin", target, 4, 0, false)));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              DownloadOutcome.Completed.class,
              done -> assertThat(done.sha256Hex()).containsExactly(dataSha256));
    }
  }

  @Test
  void aStoppedDownloadResumesToTheSameBytes(@TempDir Path target) throws Exception {
    Path jobs = target.resolve("jobs.db");
    try (Engine engine = engine(jobs)) {
      Download first = engine.start(request(base + "/data.bin", target, 4, 1024 * 1024, false));
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
      DownloadOutcome outcome =
          outcome(engine.start(request(base + "/data.bin", target, 4, 0, false)));

      assertThat(outcome)
          .isInstanceOfSatisfying(
              DownloadOutcome.Completed.class,
              done -> assertThat(done.sha256Hex()).containsExactly(dataSha256));
      await().atMost(Duration.ofSeconds(5)).until(() -> !plans.isEmpty());
      assertThat(plans.getFirst().resumedBytes()).isGreaterThan(0);
    }
  }

  @Test
  void aRecursiveDownloadMirrorsTheTreeAndStopsAtTheLoop(@TempDir Path target) throws Exception {
    Path into = target.resolve("into");
    Files.createDirectories(into);
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome = outcome(engine.start(request(base + "/tree", into, 2, 0, true)));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      try (Stream<Path> files = Files.walk(into)) {
        assertThat(
                files
                    .filter(Files::isRegularFile)
                    .map(p -> into.relativize(p).toString().replace('\\', '/')))
            .containsExactlyInAnyOrder("tree/a.txt", "tree/sub/b.txt");
      }
    }
  }
}
