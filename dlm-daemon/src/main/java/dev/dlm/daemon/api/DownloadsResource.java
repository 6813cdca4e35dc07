package dev.dlm.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import dev.dlm.daemon.queue.DownloadQueue;
import dev.dlm.daemon.settings.Rates;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code /api/v1/downloads}: add, list, show, change, pause, resume and remove downloads. */
public final class DownloadsResource {

  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 1000;
  private static final Set<String> ADD_FIELDS =
      Set.of(
          "url",
          "mirrors",
          "dir",
          "name",
          "priority",
          "connections",
          "limitRate",
          "checksum",
          "headers");

  private final DownloadQueue queue;
  private final Settings settings;

  private DownloadsResource(DownloadQueue queue, Settings settings) {
    this.queue = queue;
    this.settings = settings;
  }

  /** Registers the routes. */
  public static void routes(RoutesConfig routes, DownloadQueue queue, Settings settings) {
    DownloadsResource r = new DownloadsResource(queue, settings);
    routes.post("/api/v1/downloads", r::add);
    routes.get("/api/v1/downloads", r::list);
    routes.get("/api/v1/downloads/{id}", r::show);
    routes.patch("/api/v1/downloads/{id}", r::change);
    routes.post("/api/v1/downloads/{id}/pause", r::pause);
    routes.post("/api/v1/downloads/{id}/resume", r::resume);
    routes.delete("/api/v1/downloads/{id}", r::remove);
  }

  private void add(Context ctx) {
    ObjectNode body = Json.object(ctx);
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!ADD_FIELDS.contains(field)) {
        throw ProblemException.badRequest(
            "unknown field '"
                + field
                + "'; known: "
                + String.join(", ", new TreeSet<>(ADD_FIELDS)));
      }
    }
    List<URI> sources = new ArrayList<>();
    sources.add(url(required(body, "url"), "url"));
    if (body.has("mirrors")) {
      if (!body.get("mirrors").isArray()) {
        throw ProblemException.badRequest("mirrors must be an array of URLs");
      }
      for (JsonNode m : body.get("mirrors")) {
        sources.add(url(m.asText(), "mirrors"));
      }
    }
    Path dir = settings.get(Settings.DIR);
    if (body.hasNonNull("dir")) {
      Path asked = Path.of(text(body, "dir"));
      if (!asked.isAbsolute()) {
        throw ProblemException.badRequest(
            "dir must be an absolute path (the daemon has no working directory of yours)");
      }
      dir = asked;
    }
    Optional<String> name =
        Optional.ofNullable(body.hasNonNull("name") ? text(body, "name") : null);
    if (name.isPresent()
        && (name.get().isBlank()
            || name.get().contains("/")
            || name.get().contains("\\")
            || name.get().equals("..")
            || name.get().equals("."))) {
      throw ProblemException.badRequest("name must be a plain file name, without a directory");
    }
    Priority priority =
        body.hasNonNull("priority") ? priority(text(body, "priority")) : Priority.NORMAL;
    int connections = body.hasNonNull("connections") ? intField(body, "connections", 0, 64) : 0;
    long limit = body.hasNonNull("limitRate") ? rate(body.get("limitRate")) : 0;
    Optional<ContentDigest> checksum = Optional.empty();
    if (body.hasNonNull("checksum")) {
      try {
        checksum = Optional.of(ContentDigest.parse(text(body, "checksum")));
      } catch (IllegalArgumentException e) {
        throw ProblemException.badRequest(e.getMessage());
      }
    }
    List<Header> headers = headers(body.get("headers"));
    DownloadRequest request;
    try {
      request =
          new DownloadRequest(
              sources, dir, name, connections, limit, checksum, headers, false, false);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    JobRecord job = queue.add(request, priority);
    ctx.header("Location", "/api/v1/downloads/" + job.id());
    Json.write(ctx, 201, view(job));
  }

  private void list(Context ctx) {
    int offset = queryInt(ctx, "offset", 0, 0, Integer.MAX_VALUE);
    int limit = queryInt(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
    Set<DownloadState> states = EnumSet.noneOf(DownloadState.class);
    String stateParam = ctx.queryParam("state");
    if (stateParam != null && !stateParam.isBlank()) {
      for (String s : stateParam.split(",")) {
        states.add(state(s));
      }
    }
    List<DownloadJson> page = queue.list(states, offset, limit).stream().map(this::view).toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("downloads", page);
    out.put("offset", offset);
    out.put("limit", limit);
    out.put("total", queue.count(states));
    Json.write(ctx, 200, out);
  }

  private void show(Context ctx) {
    String id = ctx.pathParam("id");
    JobRecord job =
        queue.find(id).orElseThrow(() -> new ProblemException(404, "no download with id " + id));
    Json.write(ctx, 200, view(job));
  }

  private void change(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Optional<Priority> priority = Optional.empty();
    OptionalLong limit = OptionalLong.empty();
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      switch (field) {
        case "priority" -> priority = Optional.of(priority(text(body, "priority")));
        case "limitRate" -> limit = OptionalLong.of(rate(body.get("limitRate")));
        default ->
            throw ProblemException.badRequest(
                "only priority and limitRate can change, not '" + field + "'");
      }
    }
    if (priority.isEmpty() && limit.isEmpty()) {
      throw ProblemException.badRequest("send priority and/or limitRate");
    }
    Json.write(ctx, 200, view(queue.update(ctx.pathParam("id"), priority, limit)));
  }

  private void pause(Context ctx) {
    Json.write(ctx, 200, view(queue.pause(ctx.pathParam("id"))));
  }

  private void resume(Context ctx) {
    Json.write(ctx, 200, view(queue.resume(ctx.pathParam("id"))));
  }

  private void remove(Context ctx) {
    String flag = ctx.queryParam("deleteFiles");
    if (flag != null && !flag.equals("true") && !flag.equals("false")) {
      throw ProblemException.badRequest("deleteFiles must be true or false");
    }
    try {
      queue.remove(ctx.pathParam("id"), "true".equals(flag)).get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new ProblemException(
          503, "the download did not stop within 5 s; it will be removed when it does");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProblemException(503, "interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    ctx.status(204);
  }

  private DownloadJson view(JobRecord job) {
    return DownloadJson.of(job, queue.live(job.id()));
  }

  private static String required(ObjectNode body, String field) {
    if (!body.hasNonNull(field)) {
      throw ProblemException.badRequest(field + " is required");
    }
    return text(body, field);
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    if (!node.isTextual()) {
      throw ProblemException.badRequest(field + " must be a string");
    }
    return node.asText();
  }

  private static URI url(String text, String field) {
    try {
      URI uri = new URI(text.trim());
      if (uri.getScheme() == null
          || (uri.getHost() == null && uri.getSchemeSpecificPart().isBlank())) {
        throw ProblemException.badRequest(field + ": '" + text + "' is not an absolute URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw ProblemException.badRequest(
          field + ": '" + text + "' is not a valid URL: " + e.getReason());
    }
  }

  private static Priority priority(String text) {
    try {
      return Priority.parse(text);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
  }

  private static DownloadState state(String text) {
    try {
      return DownloadState.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(
          "unknown state '" + text + "'; use queued, active, paused, complete or failed");
    }
  }

  private static long rate(JsonNode node) {
    try {
      return Rates.parseBytesPerSecond(Json.scalar(node, "limitRate"));
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("limitRate: " + e.getMessage());
    }
  }

  private static int intField(ObjectNode body, String field, int min, int max) {
    JsonNode node = body.get(field);
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.asInt() < min
        || node.asInt() > max) {
      throw ProblemException.badRequest(
          field + " must be a whole number from " + min + " to " + max);
    }
    return node.asInt();
  }

  private static int queryInt(Context ctx, String name, int fallback, int min, int max) {
    String text = ctx.queryParam(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw ProblemException.badRequest(name + " must be from " + min + " to " + max);
      }
      return value;
    } catch (NumberFormatException e) {
      throw ProblemException.badRequest(name + " must be a whole number");
    }
  }

  private static List<Header> headers(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    List<Header> out = new ArrayList<>();
    try {
      if (node.isObject()) {
        node.properties().forEach(e -> out.add(new Header(e.getKey(), e.getValue().asText())));
      } else if (node.isArray()) {
        for (JsonNode h : node) {
          out.add(Header.parse(h.asText()));
        }
      } else {
        throw ProblemException.badRequest(
            "headers must be an object {\"Name\": \"value\"} or an array of \"Name: value\"");
      }
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest("headers: " + e.getMessage());
    }
    return out;
  }
}
