package dev.dlm.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.daemon.api.DownloadJson;
import dev.dlm.daemon.api.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The daemon's REST API and event stream as Java calls, over the JDK's HTTP client. Every failure
 * becomes a {@link ClientError} with one line for the user: no daemon there (and how to start one),
 * a refused token, or the daemon's own problem {@code detail}.
 */
public final class DaemonClient {

  /** Exit code of a failed request (the contract's "a download failed"). */
  static final int FAILED = 1;

  private static final int PAGE = 1000;

  private static final ObjectMapper MAPPER = Json.MAPPER;

  private final DaemonEndpoint endpoint;
  private final HttpClient http;

  public DaemonClient(DaemonEndpoint endpoint) {
    this.endpoint = endpoint;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** A page of downloads and the total in the same states. */
  public record Page(List<DownloadJson> downloads, int offset, int limit, long total) {}

  /** Queues a download; {@code body} has the fields of {@code POST /api/v1/downloads}. */
  public DownloadJson add(Map<String, Object> body) {
    return read(send("POST", "/api/v1/downloads", body), DownloadJson.class);
  }

  public Page list(Optional<String> states, int offset, int limit) {
    String query =
        "?offset=" + offset + "&limit=" + limit + states.map(s -> "&state=" + enc(s)).orElse("");
    return read(send("GET", "/api/v1/downloads" + query, null), Page.class);
  }

  /** Every download in {@code states} (all of them when empty), in queue order, page by page. */
  List<DownloadJson> listAll(Optional<String> states) {
    List<DownloadJson> all = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE) {
      Page page = list(states, offset, PAGE);
      all.addAll(page.downloads());
      if (page.downloads().size() < PAGE) {
        return all;
      }
    }
  }

  public DownloadJson get(String id) {
    return read(send("GET", "/api/v1/downloads/" + enc(id), null), DownloadJson.class);
  }

  /** The raw JSON of one download, for {@code --json} output that keeps every field. */
  public String getRaw(String id) {
    return send("GET", "/api/v1/downloads/" + enc(id), null).body();
  }

  public DownloadJson pause(String id) {
    return read(send("POST", "/api/v1/downloads/" + enc(id) + "/pause", null), DownloadJson.class);
  }

  public DownloadJson resume(String id) {
    return read(send("POST", "/api/v1/downloads/" + enc(id) + "/resume", null), DownloadJson.class);
  }

  public void remove(String id, boolean deleteFiles) {
    send("DELETE", "/api/v1/downloads/" + enc(id) + (deleteFiles ? "?deleteFiles=true" : ""), null);
  }

  /**
   * Streams the daemon's events (each a JSON object) to {@code onMessage} until the returned future
   * is cancelled or the daemon closes the stream; {@code id} limits them to one download.
   */
  public CompletableFuture<Void> events(Optional<String> id, Consumer<JsonNode> onMessage) {
    URI uri =
        URI.create(
            endpoint.base().toString().replaceFirst("^http", "ws")
                + "/api/v1/events"
                + id.map(i -> "?id=" + enc(i)).orElse(""));
    CompletableFuture<Void> closed = new CompletableFuture<>();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    if (!endpoint.token().isEmpty()) {
      builder.header("Authorization", "Bearer " + endpoint.token());
    }
    WebSocket socket;
    try {
      socket = builder.buildAsync(uri, new Listener(onMessage, closed)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h
          && h.getResponse().statusCode() == 401) {
        throw refused();
      }
      throw unreachable(e.getCause());
    } catch (TimeoutException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientError("interrupted", 130);
    }
    closed.whenComplete((v, e) -> socket.abort());
    return closed;
  }

  private static final class Listener implements WebSocket.Listener {
    private final Consumer<JsonNode> onMessage;
    private final CompletableFuture<Void> closed;
    private final StringBuilder partial = new StringBuilder();

    Listener(Consumer<JsonNode> onMessage, CompletableFuture<Void> closed) {
      this.onMessage = onMessage;
      this.closed = closed;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          onMessage.accept(MAPPER.readTree(partial.toString()));
        } catch (IOException e) {
          // A message we cannot read is skipped; the next one carries the full picture again.
        }
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(null);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.complete(null);
    }
  }

  private HttpResponse<String> send(String method, String path, Object body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(endpoint.base() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (!endpoint.token().isEmpty()) {
      b.header("Authorization", "Bearer " + endpoint.token());
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(text(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientError("interrupted", 130);
    }
    int status = response.statusCode();
    if (status == 401) {
      throw refused();
    }
    if (status >= 400) {
      throw new ClientError(detailOf(response), FAILED);
    }
    return response;
  }

  private ClientError unreachable(Throwable cause) {
    if (cause instanceof ConnectException
        || cause instanceof HttpConnectTimeoutException
        || cause instanceof java.nio.channels.ClosedChannelException) {
      return new ClientError(
          "no dlm daemon at " + endpoint.display() + "; start one with `dlm daemon`", FAILED);
    }
    return new ClientError(
        "cannot reach the dlm daemon at " + endpoint.display() + ": " + cause.getMessage(), FAILED);
  }

  private ClientError refused() {
    String how =
        endpoint.token().isEmpty()
            ? "no token known; pass --secret or set DLM_SECRET (or use the daemon's --home)"
            : "the token is wrong; pass the daemon's --secret or use its --home";
    return new ClientError(
        "the dlm daemon at " + endpoint.display() + " refused the request: " + how, FAILED);
  }

  private static String detailOf(HttpResponse<String> response) {
    try {
      JsonNode problem = MAPPER.readTree(response.body());
      if (problem.hasNonNull("detail")) {
        return problem.get("detail").asText();
      }
    } catch (IOException e) {
      // Not a problem document: fall through to the status.
    }
    return "the daemon answered HTTP " + response.statusCode();
  }

  private static <T> T read(HttpResponse<String> response, Class<T> type) {
    try {
      return MAPPER.readValue(response.body(), type);
    } catch (IOException e) {
      throw new ClientError(
          "the daemon sent an answer this dlm cannot read: " + e.getMessage(), FAILED);
    }
  }

  private static String text(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
