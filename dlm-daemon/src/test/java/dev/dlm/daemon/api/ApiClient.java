package dev.dlm.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A test's HTTP client of the daemon; every answer is checked against openapi.yaml. */
public final class ApiClient {

  private static final OpenApiContract CONTRACT = new OpenApiContract();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  public ApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  ApiClient withToken(String other) {
    return new ApiClient(base, other);
  }

  /** The answer: status, media type and the body (parsed when JSON). */
  public record Answer(int status, String contentType, String body) {
    public JsonNode json() {
      try {
        return new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  public Answer get(String path) {
    return send("GET", path, null);
  }

  Answer post(String path, String body) {
    return send("POST", path, body);
  }

  Answer patch(String path, String body) {
    return send("PATCH", path, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, null);
  }

  public Answer send(String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
      // As curl does for large bodies: the server can refuse before the body is sent, so its 413
      // is not lost in a broken pipe.
      b.expectContinue(body.length() > 64 << 10);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      String type = r.headers().firstValue("Content-Type").orElse(null);
      String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
      CONTRACT.check(method, pathOnly, r.statusCode(), type, r.body());
      return new Answer(r.statusCode(), type, r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
