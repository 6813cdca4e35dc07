package dev.dlm.cli.progress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlm.cli.Shell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ErrorKind;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --progress json}: one JSON object per line on standard output for every event, for
 * scripts. Each has {@code type} and {@code id}; field names follow the REST API ({@code
 * totalBytes}, {@code completedBytes}, {@code downloadSpeed}, error {@code code}s).
 *
 * <p>A download's first line is {@code started} (with its URL) and its last is {@code finished}
 * (with the files and their SHA-256): events the engine publishes before {@code started} wait for
 * it, and any after {@code finished} are dropped. Failures also get their one line on standard
 * error.
 */
final class JsonView extends SerialisedView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> startedIds = new HashSet<>();
  private final Map<String, List<DownloadEvent>> early = new HashMap<>();

  JsonView(Shell shell) {
    super(shell);
  }

  @Override
  void event(DownloadEvent event) {
    if (event instanceof DownloadEvent.Finished) {
      return;
    }
    if (!startedIds.contains(event.id())) {
      early.computeIfAbsent(event.id(), id -> new ArrayList<>()).add(event);
      return;
    }
    print(toJson(event));
  }

  @Override
  void start(String id, URI url, Path directory) {
    startedIds.add(id);
    ObjectNode node = node("started", id);
    node.put("url", DisplayUrl.of(url));
    node.put("dir", directory.toString());
    print(node);
    for (DownloadEvent event : early.getOrDefault(id, List.of())) {
      print(toJson(event));
    }
    early.remove(id);
  }

  @Override
  void finish(String id, URI url, DownloadOutcome outcome) {
    early.remove(id);
    ObjectNode node = node("finished", id);
    switch (outcome) {
      case DownloadOutcome.Completed c -> {
        node.put("result", "complete");
        ArrayNode files = node.putArray("files");
        for (int i = 0; i < c.files().size(); i++) {
          ObjectNode file = files.addObject();
          file.put("path", c.files().get(i).toString());
          file.put("sha256", i < c.sha256Hex().size() ? c.sha256Hex().get(i) : null);
        }
        node.put("totalBytes", c.totalBytes());
        node.put("elapsedMillis", c.elapsed().toMillis());
      }
      case DownloadOutcome.Failed f -> {
        node.put("result", "failed");
        error(node, f.kind(), f.message());
      }
      case DownloadOutcome.Stopped s -> {
        node.put("result", "stopped");
        node.put("completedBytes", s.completedBytes());
      }
    }
    print(node);
    if (outcome instanceof DownloadOutcome.Failed f) {
      err.println(FailureLine.of(url, f.kind(), f.message()));
      err.flush();
    }
  }

  /** The JSON form of an engine event. */
  static ObjectNode toJson(DownloadEvent event) {
    return switch (event) {
      case DownloadEvent.StateChanged s -> {
        ObjectNode node = node("state", s.id());
        node.put("from", s.from().code());
        node.put("to", s.to().code());
        yield node;
      }
      case DownloadEvent.Planned p -> {
        ObjectNode node = node("planned", p.id());
        node.put("target", p.target().toString());
        node.put("totalBytes", p.totalBytes() < 0 ? null : p.totalBytes());
        node.put("resumedBytes", p.resumedBytes());
        node.put("rangeable", p.rangeable());
        yield node;
      }
      case DownloadEvent.Progress p -> progress(p.snapshot());
      case DownloadEvent.Retrying r -> {
        ObjectNode node = node("retrying", r.id());
        node.put("attempt", r.attempt());
        node.put("delayMillis", r.delay().toMillis());
        error(node, r.kind(), r.message());
        yield node;
      }
      case DownloadEvent.Restarted r -> {
        ObjectNode node = node("restarted", r.id());
        node.put("reason", r.reason());
        yield node;
      }
      case DownloadEvent.Finished f -> node("finished", f.id());
    };
  }

  private static ObjectNode progress(DownloadSnapshot s) {
    ObjectNode node = node("progress", s.id());
    node.put("state", s.state().code());
    node.put("totalBytes", s.totalBytes() < 0 ? null : s.totalBytes());
    node.put("completedBytes", s.completedBytes());
    node.put("downloadSpeed", s.speedBytesPerSecond());
    node.put("etaSeconds", s.eta().map(Duration::toSeconds).orElse(null));
    node.put("connections", s.connections());
    ArrayNode parts = node.putArray("parts");
    for (DownloadSnapshot.Part part : s.parts()) {
      ObjectNode p = parts.addObject();
      p.put("start", part.startByte());
      p.put("end", part.endByte());
      p.put("completedBytes", part.completedBytes());
      p.put("state", part.state().name().toLowerCase(Locale.ROOT));
    }
    return node;
  }

  private static ObjectNode node(String type, String id) {
    ObjectNode node = JSON.createObjectNode();
    node.put("type", type);
    node.put("id", id);
    return node;
  }

  private static void error(ObjectNode node, ErrorKind kind, String message) {
    ObjectNode error = node.putObject("error");
    error.put("code", kind.code());
    error.put("message", message);
  }

  private void print(ObjectNode node) {
    try {
      out.println(JSON.writeValueAsString(node));
      out.flush();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
