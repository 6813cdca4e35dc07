package dev.dlm.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.fakes.ScriptedDaemon;
import dev.dlm.spi.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real daemon on a random loopback port, driven over HTTP, with a scripted engine behind it. */
class DaemonApiTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private final AtomicLong globalLimit = new AtomicLong(-1);
  private ScriptedDaemon daemon;
  private ApiClient api;

  @BeforeEach
  void start() {
    daemon =
        ScriptedDaemon.start(
            DaemonHome.single(home),
            downloads,
            Map.of("maxConcurrent", "1", "retryDelay", "10ms"),
            globalLimit::set);
    api = new ApiClient(daemon.url(), daemon.token());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private String add(String name) {
    ApiClient.Answer a =
        api.post(
            "/api/v1/downloads",
            "{\"url\":\"http://127.0.0.1:9/" + name + "\",\"name\":\"" + name + "\"}");
    assertThat(a.status()).isEqualTo(201);
    return a.json().get("id").asText();
  }

  private String state(String id) {
    return api.get("/api/v1/downloads/" + id).json().get("state").asText();
  }

  @Test
  void healthIsOpenAndTheApiNeedsTheRightToken() {
    assertThat(api.withToken(null).get("/health").status()).isEqualTo(200);

    ApiClient.Answer none = api.withToken(null).get("/api/v1/downloads");
    ApiClient.Answer wrong = api.withToken("not-the-token").get("/api/v1/downloads");
    ApiClient.Answer right = api.get("/api/v1/downloads");

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.contentType()).startsWith("application/problem+json");
    assertThat(none.json().get("detail").asText()).contains("Authorization: Bearer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(right.status()).isEqualTo(200);
    assertThat(api.withToken(null).get("/api/v1/settings").status()).isEqualTo(401);
    assertThat(
            api.withToken("x")
                .post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/a\"}")
                .status())
        .isEqualTo(401);
  }

  @Test
  void theTokenAndAddressAreRecordedInTheHomeForOwnerOnly() throws Exception {
    assertThat(Files.getPosixFilePermissions(home.resolve("token")))
        .hasToString("[OWNER_READ, OWNER_WRITE]");
    assertThat(Files.getPosixFilePermissions(home.resolve("daemon.json")))
        .hasToString("[OWNER_READ, OWNER_WRITE]");
    assertThat(Files.readString(home.resolve("token")).strip()).isEqualTo(daemon.token());
    assertThat(dev.dlm.daemon.DaemonAddress.read(DaemonHome.single(home)).orElseThrow().url())
        .isEqualTo(daemon.url());
  }

  @Test
  void addAnswers201WithEveryFieldOfTheDownload() {
    ApiClient.Answer a =
        api.post(
            "/api/v1/downloads",
            "{\"url\":\"http://127.0.0.1:9/f.bin\",\"priority\":\"high\",\"limitRate\":\"1M\"}");

    assertThat(a.status()).isEqualTo(201);
    JsonNode d = a.json();
    assertThat(d.get("url").asText()).isEqualTo("http://127.0.0.1:9/f.bin");
    assertThat(d.get("protocol").asText()).isEqualTo("http");
    assertThat(d.get("priority").asText()).isEqualTo("high");
    assertThat(d.get("limitRate").asLong()).isEqualTo(1 << 20);
    assertThat(d.get("dir").asText()).isEqualTo(downloads.toString());
    assertThat(d.has("totalBytes")).isTrue();
    assertThat(d.get("error").isNull()).isTrue();
    assertThat(d.get("finishedAt").isNull()).isTrue();
  }

  @Test
  void badRequestsAreProblemsWithStatus400() {
    assertThat(api.post("/api/v1/downloads", "{not json").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/downloads", "[]").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/downloads", "{}").json().get("detail").asText())
        .isEqualTo("url is required");
    assertThat(api.post("/api/v1/downloads", "{\"url\":\"x\"}").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/downloads", "{\"url\":\"http://h/a\",\"colour\":1}").status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/v1/downloads", "{\"url\":\"http://h/a\",\"priority\":\"urgent\"}")
                .status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/v1/downloads", "{\"url\":\"http://h/a\",\"dir\":\"relative\"}").status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/v1/downloads", "{\"url\":\"http://h/a\",\"name\":\"../up\"}").status())
        .isEqualTo(400);
    assertThat(
            api.post("/api/v1/downloads", "{\"url\":\"http://h/a\",\"checksum\":\"sha-256=12\"}")
                .status())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/downloads?limit=0").status()).isEqualTo(400);
    assertThat(api.get("/api/v1/downloads?state=sleeping").status()).isEqualTo(400);
  }

  @Test
  void unknownIdsAre404AndIllegalTransitionsAre409() {
    assertThat(api.get("/api/v1/downloads/0123456789abcdef").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/downloads/0123456789abcdef/pause", null).status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/downloads/0123456789abcdef").status()).isEqualTo(404);
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));

    ApiClient.Answer resume = api.post("/api/v1/downloads/" + id + "/resume", null);

    assertThat(resume.status()).isEqualTo(409);
    assertThat(resume.json().get("detail").asText()).contains("active");
    assertThat(
            api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/a\",\"name\":\"a\"}")
                .status())
        .isEqualTo(409);
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big =
        "{\"url\":\"http://h/a\",\"name\":\"" + "x".repeat((int) ApiServer.MAX_BODY_BYTES) + "\"}";

    ApiClient.Answer a = api.post("/api/v1/downloads", big);

    assertThat(a.status()).isEqualTo(413);
    assertThat(a.contentType()).startsWith("application/problem+json");
  }

  @Test
  void pauseResumeAndRemoveOverHttp() {
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));

    assertThat(api.post("/api/v1/downloads/" + id + "/pause", null).json().get("state").asText())
        .isEqualTo("paused");
    assertThat(daemon.engine().runs().getFirst().stopped()).isTrue();
    assertThat(api.post("/api/v1/downloads/" + id + "/resume", null).status()).isEqualTo(200);
    await().until(() -> state(id).equals("active"));
    assertThat(downloads.resolve("a.part")).exists();

    assertThat(api.delete("/api/v1/downloads/" + id + "?deleteFiles=true").status()).isEqualTo(204);

    assertThat(api.get("/api/v1/downloads/" + id).status()).isEqualTo(404);
    assertThat(downloads.resolve("a.part")).doesNotExist();
  }

  @Test
  void removeWithoutDeleteFilesKeepsTheFinishedFile() {
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));
    daemon.engine().runOf(id).complete();
    await().until(() -> state(id).equals("complete"));
    JsonNode done = api.get("/api/v1/downloads/" + id).json();
    assertThat(done.get("finishedAt").isNull()).isFalse();
    assertThat(done.get("files").get(0).get("path").asText())
        .isEqualTo(downloads.resolve("a").toString());

    assertThat(api.delete("/api/v1/downloads/" + id).status()).isEqualTo(204);

    assertThat(downloads.resolve("a")).exists();
  }

  @Test
  void aFailedDownloadShowsItsErrorAndResumeRetriesIt() {
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));
    daemon.engine().runOf(id).fail(ErrorKind.NOT_FOUND, "HTTP 404 Not Found");
    await().until(() -> state(id).equals("failed"));

    JsonNode failed = api.get("/api/v1/downloads/" + id).json();
    assertThat(failed.get("error").get("code").asText()).isEqualTo("not_found");
    assertThat(failed.get("error").get("message").asText()).isEqualTo("HTTP 404 Not Found");

    assertThat(api.post("/api/v1/downloads/" + id + "/resume", null).status()).isEqualTo(200);
    await().until(() -> state(id).equals("active"));
  }

  @Test
  void listingIsPagedInQueueOrderAndFilteredByState() {
    String first = add("first");
    await().until(() -> daemon.engine().runningIds().contains(first));
    String low =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/low\",\"priority\":\"low\"}")
            .json()
            .get("id")
            .asText();
    String normal = add("normal");
    String high =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/high\",\"priority\":\"high\"}")
            .json()
            .get("id")
            .asText();

    JsonNode queued = api.get("/api/v1/downloads?state=queued").json();
    JsonNode page = api.get("/api/v1/downloads?state=queued&offset=1&limit=1").json();

    assertThat(queued.get("total").asLong()).isEqualTo(3);
    assertThat(queued.get("downloads").findValuesAsText("id")).containsExactly(high, normal, low);
    assertThat(page.get("downloads").findValuesAsText("id")).containsExactly(normal);
    assertThat(api.get("/api/v1/downloads").json().get("total").asLong()).isEqualTo(4);
  }

  @Test
  void patchChangesPriorityAndRate() {
    String first = add("first");
    await().until(() -> daemon.engine().runningIds().contains(first));

    JsonNode changed =
        api.patch("/api/v1/downloads/" + first, "{\"limitRate\":2048,\"priority\":\"low\"}").json();

    assertThat(changed.get("limitRate").asLong()).isEqualTo(2048);
    assertThat(changed.get("priority").asText()).isEqualTo("low");
    assertThat(daemon.engine().runOf(first).limit()).isEqualTo(2048);
    assertThat(api.patch("/api/v1/downloads/" + first, "{\"url\":\"http://x/\"}").status())
        .isEqualTo(400);
  }

  @Test
  void settingsPatchChangesRuntimeSettingsKeepsThemInTheConfigFileAndRefusesTheRest()
      throws Exception {
    JsonNode before = api.get("/api/v1/settings").json();
    assertThat(before.get("secret").asText()).isEmpty();
    assertThat(before.get("maxConcurrent").asInt()).isEqualTo(1);
    assertThat(before.get("maxConnections").asInt()).isZero();

    ApiClient.Answer a =
        api.patch("/api/v1/settings", "{\"maxConcurrent\":3,\"globalLimitRate\":\"2M\"}");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("maxConcurrent").asInt()).isEqualTo(3);
    assertThat(a.json().get("globalLimitRate").asLong()).isEqualTo(2 << 20);
    assertThat(globalLimit).hasValue(2 << 20);
    assertThat(Files.readAllLines(home.resolve("dlm.conf")))
        .contains("maxConcurrent = 3", "globalLimitRate = 2M");

    ApiClient.Answer refused = api.patch("/api/v1/settings", "{\"listen\":\"0.0.0.0:1\"}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("detail").asText())
        .contains("listen cannot change while the daemon runs");
    assertThat(api.patch("/api/v1/settings", "{\"maxConcurrent\":0}").status()).isEqualTo(400);
    assertThat(api.patch("/api/v1/settings", "{\"maxConnections\":8}").json().get("detail").asText())
        .contains("maxConnections cannot change while the daemon runs");
  }

  @Test
  void unknownEndpointsAreProblemsToo() {
    ApiClient.Answer a = api.send("GET", "/api/v1/nothing", null);
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.contentType()).startsWith("application/problem+json");
  }

  @Test
  void metricsCountTheBytesOfACompletedDownloadOnce() {
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));
    api.withToken(null).get("/metrics");
    daemon.engine().runOf(id).complete();
    await().until(() -> state(id).equals("complete"));

    String metrics = api.withToken(null).get("/metrics").body();

    assertThat(metrics)
        .contains("dlm_downloaded_bytes_total 100\n")
        .contains("dlm_downloads_completed_total 1\n");
  }

  @Test
  void metricsCountDownloadsByStateAndErrors() {
    String id = add("a");
    await().until(() -> daemon.engine().runningIds().contains(id));
    daemon.engine().runOf(id).fail(ErrorKind.NOT_FOUND, "HTTP 404");
    await().until(() -> state(id).equals("failed"));

    String metrics = api.withToken(null).get("/metrics").body();

    assertThat(metrics)
        .contains("dlm_downloads{state=\"failed\"} 1")
        .contains("dlm_download_errors_total{kind=\"not_found\"} 1")
        .contains("# TYPE dlm_downloaded_bytes_total counter");
  }

  @Test
  void theOpenApiDocumentIsServed() {
    ApiClient.Answer a = api.get("/api/v1/openapi.yaml");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body()).startsWith("openapi: 3.1.0");
  }
}
