package dev.dlm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.daemon.api.ApiClient;
import dev.dlm.daemon.fakes.ScriptedDaemonMain;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.OriginFile;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as a separate process: SIGTERM, kill -9 and restart. */
class DaemonProcessTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(Process::destroyForcibly);
  }

  private Process startDaemon() throws IOException {
    return startDaemon(ScriptedDaemonMain.class);
  }

  private Process startDaemon(Class<?> main) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p =
        new ProcessBuilder(
                java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName(),
                home.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("process.log").toFile())
            .start();
    started.add(p);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> address().isPresent() && address().get().pid() == p.pid());
    return p;
  }

  private java.util.Optional<DaemonAddress> address() {
    return DaemonAddress.read(DaemonHome.single(home));
  }

  private JsonNode call(String method, String path, String body) {
    ApiClient.Answer r = new ApiClient(address().orElseThrow().url(), address().orElseThrow().token()).send(method, path, body);
    return r.body().isEmpty() ? null : r.json();
  }

  private String add(String name) throws Exception {
    return call(
            "POST",
            "/api/v1/downloads",
            "{\"url\":\"http://127.0.0.1:9/" + name + "\",\"dir\":\"" + downloads + "\"}")
        .get("id")
        .asText();
  }

  private String state(String id) throws Exception {
    return call("GET", "/api/v1/downloads/" + id, null).get("state").asText();
  }

  @Test
  void sigtermStopsWithinFiveSecondsAndTheNextStartResumes() throws Exception {
    Process daemon = startDaemon();
    call("PATCH", "/api/v1/settings", "{\"maxConcurrent\":1}");
    String a = add("a");
    String b = add("b");
    await().until(() -> state(a).equals("active"));

    long start = System.nanoTime();
    daemon.destroy();
    assertThat(daemon.waitFor(5, TimeUnit.SECONDS)).as("exited within 5 s of SIGTERM").isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(home.resolve("daemon.json")).doesNotExist();

    startDaemon();
    await().until(() -> state(a).equals("active"));
    assertThat(state(b)).isEqualTo("queued");
    assertThat(call("GET", "/api/v1/settings", null).get("maxConcurrent").asInt()).isEqualTo(1);
  }

  @Test
  void killMinus9MidDownloadThenRestartFinishesWithTheRightSha256() throws Exception {
    int size = 8 << 20;
    try (HttpOrigin origin = HttpOrigin.start()) {
      OriginFile file = origin.serveGenerated("/k.bin", 3, size).fault(Fault.throttle(256 << 10));
      Process daemon = startDaemon(EngineDaemonMain.class);
      String id =
          call(
                  "POST",
                  "/api/v1/downloads",
                  "{\"url\":\""
                      + origin.uri("/k.bin")
                      + "\",\"connections\":4,\"dir\":\""
                      + downloads
                      + "\"}")
              .get("id")
              .asText();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  call("GET", "/api/v1/downloads/" + id, null).get("completedBytes").asLong()
                      > size / 4);

      daemon.destroyForcibly();
      daemon.waitFor(10, TimeUnit.SECONDS);
      file.clearFaults();
      startDaemon(EngineDaemonMain.class);

      await().atMost(Duration.ofSeconds(30)).until(() -> state(id).equals("complete"));
      Path path =
          Path.of(
              call("GET", "/api/v1/downloads/" + id, null)
                  .get("files")
                  .get(0)
                  .get("path")
                  .asText());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      assertThat(HexFormat.of().formatHex(sha.digest(java.nio.file.Files.readAllBytes(path))))
          .isEqualTo(
              HexFormat.of()
                  .formatHex(MessageDigest.getInstance("SHA-256").digest(file.content())));
      // Resumed from the checkpoint: far less than the whole file was fetched again.
      assertThat(origin.bodyBytesSent("/k.bin")).isLessThan(size + size / 2);
    }
  }

  @Test
  void afterKillMinus9TheQueueOrderAndTheActiveJobSurvive() throws Exception {
    Process daemon = startDaemon();
    call("PATCH", "/api/v1/settings", "{\"maxConcurrent\":1}");
    String a = add("a");
    String low =
        call(
                "POST",
                "/api/v1/downloads",
                "{\"url\":\"http://127.0.0.1:9/low\",\"priority\":\"low\",\"dir\":\""
                    + downloads
                    + "\"}")
            .get("id")
            .asText();
    String b = add("b");
    await().until(() -> state(a).equals("active"));
    String pausedId = add("c");
    call("POST", "/api/v1/downloads/" + pausedId + "/pause", null);

    daemon.destroyForcibly();
    daemon.waitFor(10, TimeUnit.SECONDS);

    startDaemon();
    await().until(() -> state(a).equals("active"));
    JsonNode queued = call("GET", "/api/v1/downloads?state=queued", null);
    assertThat(queued.get("downloads").findValuesAsText("id")).containsExactly(b, low);
    assertThat(state(pausedId)).isEqualTo("paused");
  }
}
