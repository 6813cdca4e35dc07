package dev.dlm.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.fakes.ScriptedDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventsSocketTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private ScriptedDaemon daemon;
  private ApiClient api;

  @BeforeEach
  void start() {
    daemon = ScriptedDaemon.start(DaemonHome.single(home), downloads, Map.of());
    api = new ApiClient(daemon.url(), daemon.token());
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  /** Collects the JSON messages of one WebSocket. */
  static final class Collector implements WebSocket.Listener {
    final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    final List<Long> progressNanos = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = new ObjectMapper().readTree(partial.toString());
          if (m.get("type").asText().equals("progress")) {
            progressNanos.add(System.nanoTime());
          }
          messages.add(m);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    boolean has(String type, String id, String state) {
      return messages.stream()
          .anyMatch(
              m ->
                  m.get("type").asText().equals(type)
                      && m.get("download").get("id").asText().equals(id)
                      && (state == null || m.get("download").get("state").asText().equals(state)));
    }
  }

  private WebSocket connect(String query, String token, Collector collector) throws Exception {
    WebSocket.Builder b =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b.buildAsync(
            URI.create(daemon.url().replace("http", "ws") + "/api/v1/events" + query), collector)
        .get(5, TimeUnit.SECONDS);
  }

  @Test
  void pushesStateChangesAndProgress() throws Exception {
    Collector events = new Collector();
    WebSocket ws = connect("", daemon.token(), events);

    String id =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/a\",\"name\":\"a\"}")
            .json()
            .get("id")
            .asText();
    await().until(() -> events.has("state", id, "active"));
    await().atMost(Duration.ofSeconds(2)).until(() -> events.has("progress", id, "active"));
    JsonNode progress =
        events.messages.stream()
            .filter(m -> m.get("type").asText().equals("progress"))
            .findFirst()
            .orElseThrow();
    assertThat(progress.get("download").get("completedBytes").asLong()).isBetween(40L, 99L);
    assertThat(progress.get("download").get("downloadSpeed").asLong()).isEqualTo(1000);

    daemon.engine().runOf(id).complete();

    await().until(() -> events.has("state", id, "complete"));
    JsonNode done =
        events.messages.stream()
            .filter(m -> m.get("download").get("state").asText().equals("complete"))
            .findFirst()
            .orElseThrow();
    assertThat(done.get("from").asText()).isEqualTo("active");
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
  }

  @Test
  void anIdLimitsTheStreamToThatDownload() throws Exception {
    String a =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/a\"}")
            .json()
            .get("id")
            .asText();
    Collector events = new Collector();
    connect("?id=" + a, daemon.token(), events);

    String b =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/b\"}")
            .json()
            .get("id")
            .asText();
    api.post("/api/v1/downloads/" + a + "/pause", null);

    await().until(() -> events.has("state", a, "paused"));
    assertThat(events.messages).noneMatch(m -> m.get("download").get("id").asText().equals(b));
  }

  @Test
  void progressOfOneDownloadComesAtMostEveryHalfSecond() throws Exception {
    Collector events = new Collector();
    connect("", daemon.token(), events);
    api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/a\"}");

    await().atMost(Duration.ofSeconds(5)).until(() -> events.progressNanos.size() >= 4);

    // Arrival times carry the network's jitter (one message late, the next on time), so the span
    // is checked: n messages coalesced every 500 ms cannot arrive in less than (n - 1) * 400 ms.
    List<Long> at = List.copyOf(events.progressNanos);
    assertThat(Duration.ofNanos(at.getLast() - at.getFirst()))
        .isGreaterThan(Duration.ofMillis(400L * (at.size() - 1)));
  }

  @Test
  void anUpgradeWithoutTheTokenIsRefused() {
    assertThatThrownBy(() -> connect("", null, new Collector()))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
    assertThatThrownBy(() -> connect("", "wrong", new Collector()))
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
  }

  private WebSocket connectAsBrowser(String query, Collector collector, String... subprotocols)
      throws Exception {
    WebSocket.Builder b =
        HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    return b.buildAsync(
            URI.create(daemon.url().replace("http", "ws") + "/api/v1/events" + query), collector)
        .get(5, TimeUnit.SECONDS);
  }

  private static void assertRefusedWith(int status, ThrowingCallable connect) {
    assertThatThrownBy(connect)
        .cause()
        .isInstanceOfSatisfying(
            WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(status));
  }

  @Test
  void aBrowserMaySendTheTokenAsASubprotocolAndTheAnswerNamesOnlyDlm() throws Exception {
    Collector events = new Collector();
    WebSocket ws = connectAsBrowser("", events, "dlm", "bearer." + daemon.token());

    assertThat(ws.getSubprotocol()).isEqualTo("dlm");
    String id =
        api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/s\"}").json().get("id").asText();
    await().until(() -> events.has("state", id, "active"));

    assertRefusedWith(401, () -> connectAsBrowser("", new Collector(), "dlm", "bearer.wrong"));
    assertRefusedWith(401, () -> connectAsBrowser("", new Collector(), "dlm"));
    assertRefusedWith(400, () -> connectAsBrowser("", new Collector(), "bearer." + daemon.token()));
  }

  @Test
  void aBrowserMaySendTheTokenAsAQueryParameterWhichNeverReachesTheLog() throws Exception {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
        new ch.qos.logback.core.read.ListAppender<>();
    logged.start();
    ch.qos.logback.classic.Level level = root.getLevel();
    root.addAppender(logged);
    root.setLevel(ch.qos.logback.classic.Level.DEBUG); // the daemon's own request log included
    try {
      Collector events = new Collector();
      connectAsBrowser("?access_token=" + daemon.token(), events);
      String id =
          api.post("/api/v1/downloads", "{\"url\":\"http://127.0.0.1:9/q\"}").json().get("id").asText();
      await().until(() -> events.has("state", id, "active"));
      assertRefusedWith(401, () -> connectAsBrowser("?access_token=wrong-" + daemon.token(), new Collector()));
      Collector one = new Collector();
      connectAsBrowser("?id=" + id + "&access_token=" + daemon.token(), one);
      await().until(() -> one.has("progress", id, "active"));
    } finally {
      root.setLevel(level);
      root.detachAppender(logged);
    }
    assertThat(logged.list).isNotEmpty();
    assertThat(logged.list)
        .noneMatch(e -> e.getFormattedMessage().contains(daemon.token()))
        .noneMatch(e -> String.valueOf(e.getKeyValuePairs()).contains(daemon.token()));
  }
}
