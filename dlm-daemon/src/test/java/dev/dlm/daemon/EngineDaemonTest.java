package dev.dlm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.daemon.api.ApiClient;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.OriginFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production daemon (SQLite store, the engine, the HTTP protocol) downloading from HttpOrigin.
 */
class EngineDaemonTest {

  private static final int SIZE = 4 << 20;

  @TempDir Path home;
  @TempDir Path downloads;

  private HttpOrigin origin;
  private Daemon daemon;

  @BeforeEach
  void start() throws Exception {
    DaemonHome dh = DaemonHome.single(home);
    Settings settings =
        Daemon.settings(
            dh, Map.of("listen", "127.0.0.1:0", "dir", downloads.toString(), "retryDelay", "10ms"));
    origin = HttpOrigin.start();
    daemon = Daemon.start(dh, settings, EngineBackend.open(dh, settings));
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    if (origin != null) {
      origin.close();
    }
  }

  private JsonNode call(String method, String path, String body) {
    ApiClient.Answer r = new ApiClient(daemon.url(), daemon.token()).send(method, path, body);
    return r.body().isEmpty() ? null : r.json();
  }

  private JsonNode download(String id) throws Exception {
    return call("GET", "/api/v1/downloads/" + id, null);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void downloadsAFileWithTheRightSha256() throws Exception {
    OriginFile file = origin.serveGenerated("/a.bin", 42, SIZE);

    String id =
        call("POST", "/api/v1/downloads", "{\"url\":\"" + origin.uri("/a.bin") + "\"}")
            .get("id")
            .asText();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> download(id).get("state").asText().equals("complete"));
    JsonNode done = download(id);
    assertThat(done.get("totalBytes").asLong()).isEqualTo(SIZE);
    assertThat(done.get("completedBytes").asLong()).isEqualTo(SIZE);
    Path path = Path.of(done.get("files").get(0).get("path").asText());
    assertThat(sha256(Files.readAllBytes(path))).isEqualTo(sha256(file.content()));
  }

  @Test
  void pauseStopsEveryByteWithinASecondAndResumeFinishesFromTheCheckpoint() throws Exception {
    // Throttled per response: two connections at 128 KiB/s each leave the download far from done.
    OriginFile file = origin.serveGenerated("/slow.bin", 7, SIZE).fault(Fault.throttle(128 << 10));
    String id =
        call(
                "POST",
                "/api/v1/downloads",
                "{\"url\":\"" + origin.uri("/slow.bin") + "\",\"connections\":2}")
            .get("id")
            .asText();
    // The origin counts a response's bytes when it ends; the daemon sees them as they arrive.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> download(id).get("completedBytes").asLong() > SIZE / 16);

    assertThat(call("POST", "/api/v1/downloads/" + id + "/pause", null).get("state").asText())
        .isEqualTo("paused");
    long pausedAt = System.nanoTime();
    AtomicLong last = new AtomicLong(-1);
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(100))
        .during(Duration.ofMillis(500))
        .until(
            () ->
                last.getAndSet(origin.bodyBytesSent("/slow.bin"))
                    == origin.bodyBytesSent("/slow.bin"));
    assertThat(Duration.ofNanos(System.nanoTime() - pausedAt))
        .isLessThan(Duration.ofMillis(1500 + 500));
    long sentWhilePaused = origin.bodyBytesSent("/slow.bin");

    file.clearFaults();
    call("POST", "/api/v1/downloads/" + id + "/resume", null);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> download(id).get("state").asText().equals("complete"));
    Path path = Path.of(download(id).get("files").get(0).get("path").asText());
    assertThat(sha256(Files.readAllBytes(path))).isEqualTo(sha256(file.content()));
    assertThat(origin.bodyBytesSent("/slow.bin") - sentWhilePaused).isLessThan(SIZE);
  }

  @Test
  void aGlobalRateChangedAtRunTimeTakesEffect() throws Exception {
    origin.serveGenerated("/big.bin", 11, 4 * SIZE);
    call("PATCH", "/api/v1/settings", "{\"globalLimitRate\":\"512K\"}");
    String id =
        call("POST", "/api/v1/downloads", "{\"url\":\"" + origin.uri("/big.bin") + "\"}")
            .get("id")
            .asText();
    long start = System.nanoTime();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> download(id).get("completedBytes").asLong() >= 1536 << 10);
    // 1.5 MiB at 512 KiB/s, less at most a second's burst, cannot take under two seconds.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1800));

    call("PATCH", "/api/v1/settings", "{\"globalLimitRate\":0}");
    long raisedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> download(id).get("state").asText().equals("complete"));
    // The remaining ~14 MiB would take 28 s at the old cap.
    assertThat(Duration.ofNanos(System.nanoTime() - raisedAt)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aDownloadsOwnRateChangedAtRunTimeTakesEffect() throws Exception {
    origin.serveGenerated("/one.bin", 12, 4 * SIZE);
    String id =
        call(
                "POST",
                "/api/v1/downloads",
                "{\"url\":\"" + origin.uri("/one.bin") + "\",\"limitRate\":\"512K\"}")
            .get("id")
            .asText();
    long start = System.nanoTime();

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> download(id).get("completedBytes").asLong() >= 1536 << 10);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1800));

    assertThat(
            call("PATCH", "/api/v1/downloads/" + id, "{\"limitRate\":0}").get("limitRate").asLong())
        .isZero();
    long raisedAt = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> download(id).get("state").asText().equals("complete"));
    assertThat(Duration.ofNanos(System.nanoTime() - raisedAt)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void removeWithDeleteFilesDeletesThePartFile() throws Exception {
    origin.serveGenerated("/r.bin", 9, SIZE).fault(Fault.throttle(64 << 10));
    String id =
        call(
                "POST",
                "/api/v1/downloads",
                "{\"url\":\"" + origin.uri("/r.bin") + "\",\"name\":\"r.bin\",\"connections\":2}")
            .get("id")
            .asText();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.exists(downloads.resolve("r.bin.part")));

    call("DELETE", "/api/v1/downloads/" + id + "?deleteFiles=true", null);

    assertThat(downloads.resolve("r.bin.part")).doesNotExist();
    assertThat(downloads.resolve("r.bin")).doesNotExist();
  }

  @Test
  void aMissingFileFailsWithItsReason() throws Exception {
    String id =
        call("POST", "/api/v1/downloads", "{\"url\":\"" + origin.uri("/nothing-here") + "\"}")
            .get("id")
            .asText();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> download(id).get("state").asText().equals("failed"));
    assertThat(download(id).get("error").get("code").asText()).isEqualTo("not_found");
  }
}
