package dev.dlm.protocol.http;

import static dev.dlm.testing.engine.EngineKit.assertCompleted;
import static dev.dlm.testing.engine.EngineKit.outcome;
import static dev.dlm.testing.engine.EngineKit.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.Download;
import dev.dlm.core.Engine;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.store.sqlite.SqliteJobStore;
import dev.dlm.testing.TestData;
import dev.dlm.testing.engine.EngineKit;
import dev.dlm.testing.http2.H2Fault;
import dev.dlm.testing.http2.H2Origin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 through the real engine: many small files on one connection, big files segmented. */
class Http2EngineTest {

  private H2Origin origin;

  @BeforeEach
  void start() throws Exception {
    origin = H2Origin.start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private static Engine engine(Path dir, ProtocolContext context) {
    return EngineKit.engine(
        context, SqliteJobStore.open(dir.resolve("jobs.db")), new HttpProtocolProvider());
  }

  private static ProtocolContext context(Duration readTimeout, Map<String, String> options) {
    return TestContexts.tuned(TestContexts.insecure(), options, readTimeout, 16);
  }

  @Test
  void aListOfSmallFilesRunsOverOneTlsConnection(@TempDir Path dir) throws Exception {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      contents.add(origin.serveGenerated("/s" + i + ".bin", i, 30_000 + i));
    }
    try (Engine engine = engine(dir, context(Duration.ofSeconds(5), Map.of()))) {
      List<Download> downloads = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        String url = origin.uri("/s" + i + ".bin").toString();
        downloads.add(engine.start(request(url, dir, 0, 0, false)));
      }
      for (int i = 0; i < 30; i++) {
        assertCompleted(outcome(downloads.get(i)), TestData.sha256(contents.get(i)));
        assertThat(Files.readAllBytes(dir.resolve("s" + i + ".bin"))).isEqualTo(contents.get(i));
      }
    }

    assertThat(origin.connectionsAccepted()).isEqualTo(1);
    assertThat(origin.requests()).hasSize(60).allMatch(r -> r.protocol().equals("HTTP/2.0"));
  }

  @Test
  void aBigFileIsSegmentedOverSeveralHttp1Connections(@TempDir Path dir) throws Exception {
    byte[] content = origin.serveGenerated("/big.bin", 3, 1 << 20);
    try (Engine engine = engine(dir, context(Duration.ofSeconds(5), Map.of()))) {
      assertCompleted(
          outcome(engine.start(request(origin.uri("/big.bin").toString(), dir, 4, 0, false))),
          TestData.sha256(content));
    }

    var gets = origin.requests("/big.bin").stream().filter(r -> r.method().equals("GET")).toList();
    assertThat(gets).hasSizeGreaterThan(1).allMatch(r -> r.protocol().equals("HTTP/1.1"));
    assertThat(origin.connectionsAccepted()).isGreaterThan(2);
  }

  @Test
  void http11OptionKeepsSmallFilesOnHttp1(@TempDir Path dir) throws Exception {
    byte[] content = origin.serveGenerated("/one.bin", 4, 10_000);
    try (Engine engine =
        engine(dir, context(Duration.ofSeconds(5), Map.of(HttpTransport.VERSION_OPTION, "1.1")))) {
      assertCompleted(
          outcome(engine.start(request(origin.uri("/one.bin").toString(), dir, 0, 0, false))),
          TestData.sha256(content));
    }
    assertThat(origin.requests()).isNotEmpty().allMatch(r -> r.protocol().equals("HTTP/1.1"));
  }

  @Test
  void aStreamResetMidBodyIsRetried(@TempDir Path dir) throws Exception {
    assertRetried(dir, "/reset.bin", new H2Fault.ResetAfter(30_000));
  }

  @Test
  void aBodyCutShortIsRetried(@TempDir Path dir) throws Exception {
    assertRetried(dir, "/cut.bin", new H2Fault.Truncate(30_000));
  }

  @Test
  void aStalledStreamTimesOutAndIsRetried(@TempDir Path dir) throws Exception {
    assertRetried(dir, "/stall.bin", new H2Fault.Stall(30_000));
  }

  @Test
  void aServerIgnoringTheRangeIsSurvived(@TempDir Path dir) throws Exception {
    assertRetried(dir, "/ignored.bin", new H2Fault.IgnoreRange());
  }

  private void assertRetried(Path dir, String path, H2Fault fault) throws Exception {
    byte[] content = origin.serveGenerated(path, path.hashCode(), 100_000);
    origin.fault(path, fault, 1);
    try (Engine engine = engine(dir, context(Duration.ofMillis(800), Map.of()))) {
      assertCompleted(
          outcome(engine.start(request(origin.uri(path).toString(), dir, 0, 0, false))),
          TestData.sha256(content));
    }
    assertThat(origin.requests(path).stream().filter(r -> r.method().equals("GET")))
        .hasSizeGreaterThan(1);
  }
}
