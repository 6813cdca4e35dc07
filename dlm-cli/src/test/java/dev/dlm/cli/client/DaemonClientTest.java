package dev.dlm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.api.DownloadJson;
import dev.dlm.daemon.fakes.ScriptedDaemon;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonClientTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private ScriptedDaemon daemon;

  @BeforeEach
  void start() {
    daemon = ScriptedDaemon.start(DaemonHome.single(home), downloads, Map.of("maxConcurrent", "1"));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private DaemonClient client() {
    return new DaemonClient(
        DaemonEndpoint.locate(
            Optional.empty(), Optional.empty(), Map.of(), DaemonHome.single(home)));
  }

  @Test
  void findsTheDaemonThroughItsHomeWithNoFlags() {
    DaemonEndpoint endpoint =
        DaemonEndpoint.locate(
            Optional.empty(), Optional.empty(), Map.of(), DaemonHome.single(home));

    assertThat(endpoint.base().toString()).isEqualTo(daemon.url());
    assertThat(endpoint.token()).isEqualTo(daemon.token());
  }

  @Test
  void flagsAndTheEnvironmentOverrideTheHome() {
    DaemonEndpoint env =
        DaemonEndpoint.locate(
            Optional.empty(),
            Optional.empty(),
            Map.of("DLM_SECRET", "from-env"),
            DaemonHome.single(home));
    DaemonEndpoint flags =
        DaemonEndpoint.locate(
            Optional.of("127.0.0.1:7000"),
            Optional.of("from-flag"),
            Map.of("DLM_SECRET", "from-env"),
            DaemonHome.single(home));

    assertThat(env.token()).isEqualTo("from-env");
    assertThat(flags.token()).isEqualTo("from-flag");
    assertThat(flags.base().toString()).isEqualTo("http://127.0.0.1:7000");
  }

  @Test
  void addsListsPausesResumesAndRemoves() {
    DaemonClient client = client();

    DownloadJson a =
        client.add(Map.of("url", "http://127.0.0.1:9/a", "name", "a", "priority", "high"));
    DownloadJson b = client.add(Map.of("url", "http://127.0.0.1:9/b", "name", "b"));
    await().until(() -> daemon.engine().runningIds().contains(a.id()));

    DaemonClient.Page page = client.list(Optional.empty(), 0, 50);
    assertThat(page.total()).isEqualTo(2);
    assertThat(page.downloads()).extracting(DownloadJson::id).containsExactly(a.id(), b.id());
    assertThat(client.list(Optional.of("queued"), 0, 50).downloads())
        .extracting(DownloadJson::id)
        .containsExactly(b.id());

    assertThat(client.pause(a.id()).state()).isEqualTo("paused");
    await().until(() -> daemon.engine().runningIds().contains(b.id()));
    assertThat(client.resume(a.id()).state()).isEqualTo("queued");
    client.remove(b.id(), true);

    assertThat(client.get(a.id()).state()).isIn("queued", "active");
    assertThatThrownBy(() -> client.get(b.id()))
        .isInstanceOf(ClientError.class)
        .hasMessage("no download with id " + b.id());
  }

  @Test
  void theDaemonsProblemDetailIsTheMessage() {
    assertThatThrownBy(() -> client().add(Map.of("url", "nope")))
        .isInstanceOfSatisfying(ClientError.class, e -> assertThat(e.exitCode()).isEqualTo(1))
        .hasMessageContaining("not an absolute URL");
  }

  @Test
  void aWrongTokenSaysSo() {
    DaemonClient wrong =
        new DaemonClient(
            DaemonEndpoint.locate(
                Optional.empty(), Optional.of("wrong"), Map.of(), DaemonHome.single(home)));

    assertThatThrownBy(() -> wrong.list(Optional.empty(), 0, 1))
        .isInstanceOf(ClientError.class)
        .hasMessageContaining("refused the request: the token is wrong");
  }

  @Test
  void noDaemonIsOneClearLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DaemonClient nobody =
        new DaemonClient(
            DaemonEndpoint.locate(
                Optional.of("127.0.0.1:" + port),
                Optional.empty(),
                Map.of(),
                DaemonHome.single(downloads)));

    assertThatThrownBy(() -> nobody.list(Optional.empty(), 0, 1))
        .isInstanceOf(ClientError.class)
        .hasMessage("no dlm daemon at 127.0.0.1:" + port + "; start one with `dlm daemon`");
  }

  @Test
  void eventsStreamStateChanges() {
    DaemonClient client = client();
    List<JsonNode> events = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> stream = client.events(Optional.empty(), events::add);

    DownloadJson a = client.add(Map.of("url", "http://127.0.0.1:9/a"));
    await()
        .until(
            () ->
                events.stream()
                    .anyMatch(
                        e ->
                            e.get("download").get("id").asText().equals(a.id())
                                && e.get("download").get("state").asText().equals("active")));

    stream.cancel(true);
  }
}
