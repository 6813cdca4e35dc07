package dev.dlm.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.Priority;
import dev.dlm.daemon.fakes.MemoryJobStore;
import dev.dlm.daemon.fakes.ScriptedEngine;
import dev.dlm.spi.ErrorKind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonLifecycleTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private final MemoryJobStore store = new MemoryJobStore();
  private final ScriptedEngine engine = new ScriptedEngine(store);

  private Daemon start(Map<String, String> commandLine) {
    DaemonHome dh = DaemonHome.single(home);
    return Daemon.start(
        dh, Daemon.settings(dh, commandLine), new Backend(store, engine, rate -> {}, () -> {}));
  }

  @Test
  void refusesANonLoopbackAddressWithoutASecret() {
    assertThatThrownBy(() -> start(Map.of("listen", "0.0.0.0:0")))
        .isInstanceOf(DaemonException.class)
        .hasMessageContaining("refusing to listen on 0.0.0.0:0 without a secret")
        .hasMessageContaining("--secret");
    assertThat(home.resolve("daemon.json")).doesNotExist();
  }

  @Test
  void aGivenSecretIsTheTokenAndNoTokenFileIsWritten() {
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0", "secret", "s3cret"))) {
      assertThat(daemon.token()).isEqualTo("s3cret");
      assertThat(home.resolve("token")).doesNotExist();
      assertThat(DaemonAddress.read(daemon.home()).orElseThrow().token()).isEqualTo("s3cret");
    }
  }

  @Test
  void theGeneratedTokenIsKeptAcrossRestartsAndTheAddressRecordGoesAwayOnStop() {
    String first;
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0"))) {
      first = daemon.token();
      assertThat(first).hasSizeGreaterThanOrEqualTo(40);
    }
    assertThat(home.resolve("daemon.json")).doesNotExist();
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0"))) {
      assertThat(daemon.token()).isEqualTo(first);
    }
  }

  @Test
  void aTakenPortIsOneClearError() {
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0"))) {
      int port = daemon.port();
      assertThatThrownBy(() -> start(Map.of("listen", "127.0.0.1:" + port)))
          .isInstanceOf(DaemonException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port);
    }
  }

  @Test
  void aBadConfigFileIsOneClearError() throws Exception {
    Files.writeString(home.resolve("dlm.conf"), "maxConcurrent = many\n");
    assertThatThrownBy(() -> Daemon.settings(DaemonHome.single(home), Map.of()))
        .isInstanceOf(DaemonException.class)
        .hasMessageContaining("invalid value 'many' for maxConcurrent");
  }

  @Test
  void stoppingLeavesActiveJobsActiveAndTheNextStartResumesThem() {
    String id;
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0", "dir", downloads.toString()))) {
      id = add(daemon, "a");
      await().until(() -> engine.runningIds().contains(id));
    }
    assertThat(engine.running()).isEmpty();
    assertThat(store.find(id).orElseThrow().state()).isEqualTo(DownloadState.ACTIVE);

    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0"))) {
      await().until(() -> engine.runningIds().contains(id));
      assertThat(engine.runs()).hasSize(2);
    }
  }

  @Test
  void stoppingTakesLessThanFiveSeconds() {
    Daemon daemon =
        start(Map.of("listen", "127.0.0.1:0", "dir", downloads.toString(), "maxConcurrent", "3"));
    for (String name : List.of("a", "b", "c")) {
      add(daemon, name);
    }
    await().until(() -> engine.runningIds().size() == 3);

    long start = System.nanoTime();
    daemon.close();

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(engine.runs()).allMatch(ScriptedEngine.Run::stopped);
  }

  @Test
  void completionAndErrorCommandsRunWithIdAndPath() throws Exception {
    Path log = home.resolve("hook.log");
    Path hook = home.resolve("hook.sh");
    Files.writeString(hook, "#!/bin/sh\necho \"$0 $1 $2\" >> '" + log + "'\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
    try (Daemon daemon =
        start(
            Map.of(
                "listen",
                "127.0.0.1:0",
                "dir",
                downloads.toString(),
                "maxConcurrent",
                "2",
                "onDownloadComplete",
                hook.toString(),
                "onDownloadError",
                hook.toString()))) {
      String ok = add(daemon, "ok");
      String bad = add(daemon, "bad");
      await().until(() -> engine.runningIds().size() == 2);
      engine.runOf(ok).complete();
      engine.runOf(bad).fail(ErrorKind.FORBIDDEN, "HTTP 403");

      await().until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
      assertThat(Files.readAllLines(log))
          .containsExactlyInAnyOrder(
              hook + " " + ok + " " + downloads.resolve("ok"),
              hook + " " + bad + " " + downloads.resolve("bad"));
    }
  }

  @Test
  void corsIsOffUnlessOriginsAreConfigured() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (Daemon plain = start(Map.of("listen", "127.0.0.1:0"))) {
      HttpResponse<String> r =
          http.send(preflight(plain, "http://ui.test"), HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }
    try (Daemon cors = start(Map.of("listen", "127.0.0.1:0", "corsOrigins", "http://ui.test"))) {
      HttpResponse<String> allowed =
          http.send(preflight(cors, "http://ui.test"), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> other =
          http.send(preflight(cors, "http://evil.test"), HttpResponse.BodyHandlers.ofString());
      assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin"))
          .contains("http://ui.test");
      assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      HttpResponse<String> noToken =
          http.send(
              HttpRequest.newBuilder(URI.create(cors.url() + "/api/v1/downloads"))
                  .header("Origin", "http://ui.test")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(401);
    }
  }

  private static HttpRequest preflight(Daemon daemon, String origin) {
    return HttpRequest.newBuilder(URI.create(daemon.url() + "/api/v1/downloads"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "authorization,content-type")
        .build();
  }

  @Test
  void healthAnswersOnTheRecordedAddress() throws Exception {
    try (Daemon daemon = start(Map.of("listen", "127.0.0.1:0"))) {
      String url = DaemonAddress.read(DaemonHome.single(home)).orElseThrow().url();
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"ok\"");
    }
  }

  private String add(Daemon daemon, String name) {
    var request =
        new DownloadRequest(
            List.of(URI.create("http://127.0.0.1:9/" + name)),
            downloads,
            java.util.Optional.of(name),
            0,
            0,
            java.util.Optional.empty(),
            List.of(),
            false,
            false);
    return daemon.queue().add(request, Priority.NORMAL).id();
  }
}
