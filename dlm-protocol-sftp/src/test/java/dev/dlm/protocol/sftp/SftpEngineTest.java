package dev.dlm.protocol.sftp;

import static dev.dlm.protocol.sftp.SftpFixtures.context;
import static dev.dlm.testing.engine.EngineKit.assertCompleted;
import static dev.dlm.testing.engine.EngineKit.assertHostCapHoldsAcrossDownloads;
import static dev.dlm.testing.engine.EngineKit.assertStopsAndResumes;
import static dev.dlm.testing.engine.EngineKit.outcome;
import static dev.dlm.testing.engine.EngineKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.Engine;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.store.sqlite.SqliteJobStore;
import dev.dlm.testing.TestData;
import dev.dlm.testing.engine.EngineKit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SFTP through the real engine and job store: segments, resume, directories with loops. */
class SftpEngineTest {

  static final byte[] DATA = TestData.bytes(21, 4 * 1024 * 1024 + 9);

  @TempDir static Path root;
  @TempDir static Path home;
  static SftpTestServer server;
  static String base;
  static String dataSha256;

  @BeforeAll
  static void start() throws Exception {
    Files.write(root.resolve("data.bin"), DATA);
    dataSha256 = TestData.sha256(DATA);
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

  private static Engine engine(Path store) {
    return engine(store, 16, provider());
  }

  private static Engine engine(Path store, int connectionsPerHost, ProtocolProvider provider) {
    return EngineKit.engine(
        context(Map.of(), Prompt.none(), home.resolve("netrc"), connectionsPerHost),
        SqliteJobStore.open(store),
        provider);
  }

  /**
   * The provider as ServiceLoader would build it, but with the test home instead of the real one.
   */
  private static ProtocolProvider provider() {
    return new ProtocolProvider() {
      @Override
      public Set<String> schemes() {
        return new SftpProvider().schemes();
      }

      @Override
      public Protocol create(ProtocolContext context) {
        return new SftpProtocol(context, SftpSettings.from(context, home, Map.of()));
      }
    };
  }

  @Test
  void aSegmentedDownloadOverSeveralSessionsIsByteExact(@TempDir Path target) throws Exception {
    try (Engine engine = engine(target.resolve("jobs.db"))) {
      DownloadOutcome outcome =
          outcome(engine.start(request(base + "/data.bin", target, 4, 0, false)));

      assertCompleted(outcome, dataSha256);
    }
  }

  @Test
  void aStoppedDownloadResumesToTheSameBytes(@TempDir Path target) throws Exception {
    Path jobs = target.resolve("jobs.db");

    assertStopsAndResumes(
        () -> engine(jobs),
        request(base + "/data.bin", target, 4, 1024 * 1024, false),
        request(base + "/data.bin", target, 4, 0, false),
        dataSha256);
  }

  /** The engine, not the protocol, bounds the connections in use per host. */
  @Test
  void sessionsPerHostAreBoundedAcrossDownloads(@TempDir Path target) throws Exception {
    assertHostCapHoldsAcrossDownloads(
        (cap, provider) -> engine(target.resolve("jobs.db"), cap, provider),
        provider(),
        base + "/data.bin",
        target,
        dataSha256);
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
