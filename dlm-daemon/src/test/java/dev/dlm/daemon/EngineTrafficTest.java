package dev.dlm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.core.RetryPolicy;
import dev.dlm.daemon.api.ApiClient;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.testing.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production daemon's traffic, measured where it happens: at the server ({@link
 * MeteredOrigin}). Connection budget, rate limits and their run-time changes, pause, and job-level
 * retries, each through REST.
 *
 * <p>Rate windows are 5 s rather than issue 3's 10 s, and that is stricter, not looser: the error
 * of the token buckets over a window is bounded by an absolute amount whatever the window's length
 * (their idle saving of 0.1 s of rate, the reads paid for before the window and made in it, about
 * 1/16 s of rate, and one 4 KiB chunk per connection at each edge), so relative to the window's
 * bytes it halves when the window doubles: about 3.5% at 5 s, under 2% at 10 s. A 5 s window
 * within ±5% bounds a 10 s one made of two of them. Shorter windows could not hold ±5% even in
 * principle (at 2.5 s that bound alone is 7%).
 */
class EngineTrafficTest {

  private static final double TOLERANCE = 0.05;
  private static final Duration WINDOW = Duration.ofSeconds(5);

  @TempDir Path home;
  @TempDir Path downloads;

  private final HttpClient http = HttpClient.newHttpClient();
  private MeteredOrigin origin;
  private Daemon daemon;

  @BeforeEach
  void startOrigin() throws Exception {
    origin = MeteredOrigin.start();
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    origin.close();
  }

  private void startDaemon(Map<String, String> extra, RetryPolicy engineRetries) {
    DaemonHome dh = DaemonHome.single(home);
    Map<String, String> values = new HashMap<>(extra);
    values.put("listen", "127.0.0.1:0");
    values.put("dir", downloads.toString());
    Settings settings = Daemon.settings(dh, values);
    daemon =
        Daemon.start(
            dh,
            settings,
            EngineBackend.open(
                dh,
                settings,
                config ->
                    engineRetries == null
                        ? config
                        : new dev.dlm.core.EngineConfig(
                            config.protocol(),
                            config.maxConnectionsPerDownload(),
                            config.minSegmentBytes(),
                            config.checkpointInterval(),
                            config.checkpointBytesPerConnection(),
                            engineRetries,
                            config.lowSpeedBytesPerSecond(),
                            config.lowSpeedTime(),
                            config.globalLimitBytesPerSecond(),
                            config.clock(),
                            config.maxConnections())));
  }

  private JsonNode call(String method, String path, String body) {
    ApiClient.Answer r = new ApiClient(daemon.url(), daemon.token()).send(method, path, body);
    assertThat(r.status()).as(method + " " + path + ": " + r.body()).isLessThan(300);
    return r.body().isEmpty() ? null : r.json();
  }

  private String add(String json) throws Exception {
    return call("POST", "/api/v1/downloads", json).get("id").asText();
  }

  private JsonNode download(String id) throws Exception {
    return call("GET", "/api/v1/downloads/" + id, null);
  }

  private String state(String id) throws Exception {
    return download(id).get("state").asText();
  }

  /**
   * Asserts that the origin sends {@code bytesPerSecond} within ±5% over {@link #WINDOW} from now.
   * More than +5% fails at once. Less than -5% is measured again, up to three windows in a row:
   * a loaded machine (a collector pause, a CPU shared with other builds) can keep the readers from
   * running and so steal bytes from one window, but never add any, while a limiter that is slow
   * or late fails every window.
   */
  private void assertRateAtServer(long bytesPerSecond) {
    for (int window = 1; ; window++) {
      long startNanos = System.nanoTime();
      long startBytes = origin.sentBytes();
      await()
          .atMost(WINDOW.plusSeconds(2))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> System.nanoTime() - startNanos >= WINDOW.toNanos());
      long bytes = origin.sentBytes() - startBytes;
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      String what = String.format("bytes sent in %.2f s at %d B/s", seconds, bytesPerSecond);
      assertThat(bytes)
          .as(what)
          .isLessThanOrEqualTo((long) (bytesPerSecond * seconds * (1 + TOLERANCE)));
      long atLeast = (long) (bytesPerSecond * seconds * (1 - TOLERANCE));
      if (bytes >= atLeast || window == 3) {
        assertThat(bytes).as(what + ", window " + window).isGreaterThanOrEqualTo(atLeast);
        return;
      }
    }
  }

  private static void awaitElapsed(long sinceNanos, Duration elapsed) {
    await()
        .atMost(elapsed.plusSeconds(2))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> System.nanoTime() - sinceNanos >= elapsed.toNanos());
  }

  @Test
  void downloadsTogetherNeverHoldMoreThanTheGlobalBudgetAndEachGetsOne() throws Exception {
    startDaemon(Map.of("maxConnections", "4", "maxConcurrent", "3"), null);
    // The first download could use sixteen connections (one per MiB part) and takes the whole
    // budget; the two after it must each get one as soon as one of its parts ends. Paced, so
    // connections overlap for seconds.
    int[] sizes = {16 << 20, 4 << 20, 4 << 20};
    List<byte[]> contents = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] content = TestData.bytes(100 + i, sizes[i]);
      contents.add(content);
      origin.serve("/budget-" + i, content).throttle(2 << 20);
    }
    for (int i = 0; i < sizes.length; i++) {
      ids.add(add("{\"url\":\"" + origin.uri("/budget-" + i) + "\",\"connections\":16}"));
    }

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ids.stream().allMatch(id -> stateOrEmpty(id).equals("complete")));

    assertThat(origin.maxStreaming()).as("connections open at once").isEqualTo(4);
    assertThat(origin.maxFilesStreaming()).as("downloads streaming at once").isEqualTo(3);
    for (int i = 0; i < sizes.length; i++) {
      Path path = Path.of(download(ids.get(i)).get("files").get(0).get("path").asText());
      assertThat(TestData.sha256(Files.readAllBytes(path)))
          .isEqualTo(TestData.sha256(contents.get(i)));
    }
  }

  private String stateOrEmpty(String id) {
    try {
      return state(id);
    } catch (Exception e) {
      return "";
    }
  }

  @Test
  void ratesHoldWithinFivePercentAtTheServerAndChangesTakeEffectWithinASecond()
      throws Exception {
    // Rates of MiB per second: the socket buffers between origin and client can still grow
    // during a window (the kernel tunes the receive buffer as the reader goes), by a fixed amount
    // of a few hundred KiB that the origin counts as sent; at these rates it stays a small part
    // of the 5% band. A fast start grows them before anything is measured.
    startDaemon(Map.of("globalLimitRate", "32M"), null);
    origin.serveGenerated("/endless.bin", 1L << 30);
    String id =
        add("{\"url\":\"" + origin.uri("/endless.bin") + "\",\"connections\":2}");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.sentBytes() > 8 << 20);

    // The global limit lowered at run time: a second later the window holds the new rate. Had the
    // change come 100 ms late, the old rate's extra bytes alone would break the 5% band.
    long globalAt = System.nanoTime();
    call("PATCH", "/api/v1/settings", "{\"globalLimitRate\":\"8M\"}");
    awaitElapsed(globalAt, Duration.ofSeconds(1));
    assertRateAtServer(8 << 20);

    // The download's own limit, below the global one, likewise (late by 250 ms would fail).
    long ownAt = System.nanoTime();
    assertThat(call("PATCH", "/api/v1/downloads/" + id, "{\"limitRate\":\"4M\"}").get("limitRate").asLong())
        .isEqualTo(4 << 20);
    awaitElapsed(ownAt, Duration.ofSeconds(1));
    assertRateAtServer(4 << 20);

    call("DELETE", "/api/v1/downloads/" + id + "?deleteFiles=true", null);
  }

  @Test
  void pauseStopsEveryByteAtTheServerWithinASecond() throws Exception {
    startDaemon(Map.of(), null);
    origin.serveGenerated("/paused.bin", 256L << 20).throttle(512 << 10);
    String id =
        add("{\"url\":\"" + origin.uri("/paused.bin") + "\",\"connections\":4}");
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.streaming() == 4);
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.sentBytes() > 1 << 20);

    long pausedAt = System.nanoTime();
    assertThat(call("POST", "/api/v1/downloads/" + id + "/pause", null).get("state").asText())
        .isEqualTo("paused");

    // Every response ended, and the last byte left the server within a second of the pause.
    await().atMost(Duration.ofSeconds(3)).until(() -> origin.streaming() == 0);
    assertThat(Duration.ofNanos(origin.lastSentNanos() - pausedAt))
        .isLessThan(Duration.ofSeconds(1));
    long sent = origin.sentBytes();
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> origin.sentBytes() == sent && origin.streaming() == 0);
    long kept = download(id).get("completedBytes").asLong();
    assertThat(kept).isPositive();

    call("POST", "/api/v1/downloads/" + id + "/resume", null);
    await().atMost(Duration.ofSeconds(10)).until(() -> origin.sentBytes() > sent);
    call("DELETE", "/api/v1/downloads/" + id + "?deleteFiles=true", null);
  }

  /** One engine try per run, so every failed request ends a run and the queue's retry shows. */
  private static final RetryPolicy ONE_TRY = new RetryPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10));

  @Test
  void transientFailuresAreRetriedWithExponentialBackoffUntilTheJobCompletes() throws Exception {
    startDaemon(Map.of("retryAttempts", "5", "retryDelay", "200ms"), ONE_TRY);
    byte[] content = TestData.bytes(5, 256 << 10);
    // A run's probe asks HEAD, then (as the HEAD failed) a ranged GET: six failures are three
    // failed runs.
    MeteredOrigin.File file = origin.serve("/flaky.bin", content).failNext(6);

    String id = add("{\"url\":\"" + origin.uri("/flaky.bin") + "\"}");

    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("complete"));
    Path path = Path.of(download(id).get("files").get(0).get("path").asText());
    assertThat(TestData.sha256(Files.readAllBytes(path))).isEqualTo(TestData.sha256(content));
    // Three failed runs, then the one that worked: the waits between them double from 200 ms.
    List<Long> runs = file.headNanos();
    assertThat(runs).hasSize(4);
    for (int retry = 1; retry <= 3; retry++) {
      assertThat(Duration.ofNanos(runs.get(retry) - runs.get(retry - 1)))
          .as("wait before retry %d", retry)
          .isGreaterThanOrEqualTo(Duration.ofMillis(200L << (retry - 1)));
    }
    assertThat(metric("dlm_download_retries_total")).isEqualTo(3);
  }

  @Test
  void aJobThatKeepsFailingEndsFailedWithItsReasonAndResumeRetriesIt() throws Exception {
    startDaemon(Map.of("retryAttempts", "2", "retryDelay", "200ms"), ONE_TRY);
    byte[] content = TestData.bytes(6, 256 << 10);
    MeteredOrigin.File file = origin.serve("/down.bin", content).failAlways();

    String id = add("{\"url\":\"" + origin.uri("/down.bin") + "\"}");

    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("failed"));
    JsonNode failed = download(id);
    assertThat(failed.get("error").get("code").asText()).isEqualTo("server_error");
    assertThat(failed.get("error").get("message").asText()).contains("503");
    assertThat(file.headNanos()).hasSize(3); // the first run and two retries
    assertThat(metric("dlm_download_retries_total")).isEqualTo(2);

    file.recover();
    assertThat(call("POST", "/api/v1/downloads/" + id + "/resume", null).get("state").asText())
        .isIn("queued", "active");

    await().atMost(Duration.ofSeconds(10)).until(() -> state(id).equals("complete"));
    assertThat(download(id).get("error").isNull()).isTrue();
    Path path = Path.of(download(id).get("files").get(0).get("path").asText());
    assertThat(TestData.sha256(Files.readAllBytes(path))).isEqualTo(TestData.sha256(content));
  }

  private long metric(String name) throws Exception {
    String text =
        http.send(
                HttpRequest.newBuilder(URI.create(daemon.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return text.lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToLong(l -> (long) Double.parseDouble(l.substring(name.length() + 1).trim()))
        .sum();
  }
}
