package dev.dlm.daemon.api;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.daemon.queue.DownloadQueue;
import dev.dlm.daemon.queue.QueueListener;
import io.javalin.config.RoutesConfig;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/events}: a WebSocket that pushes every state change at once and, at most every
 * {@link #PROGRESS_INTERVAL} per download, its progress. Progress is sampled from the live runs
 * rather than forwarded event by event, so a slow client costs nothing to the transfers and gets no
 * backlog: it simply sees the latest numbers. All sends happen on one virtual thread of this
 * socket, never on the queue's.
 *
 * <p>Messages: {@code {"type":"state","from":"queued","download":{...}}} and {@code
 * {"type":"progress","download":{...}}}; {@code ?id=ID} limits a connection to one download. On
 * connect, a progress message for each active download gives the client a starting picture.
 */
public final class EventsSocket implements QueueListener, AutoCloseable {

  /** The shortest time between two progress messages of one download. */
  public static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

  private static final Logger log = LoggerFactory.getLogger(EventsSocket.class);

  private final DownloadQueue queue;
  private final Map<WsContext, Optional<String>> sessions = new ConcurrentHashMap<>();
  private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sender =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("dlm-events").factory());

  private EventsSocket(DownloadQueue queue) {
    this.queue = queue;
  }

  /** Registers the WebSocket and starts its progress ticker; close the result on shutdown. */
  public static EventsSocket routes(RoutesConfig routes, DownloadQueue queue) {
    EventsSocket socket = new EventsSocket(queue);
    queue.addListener(socket);
    routes.ws(
        "/api/v1/events",
        ws -> {
          ws.onConnect(
              ctx -> {
                Optional<String> only = Optional.ofNullable(ctx.queryParam("id"));
                socket.sessions.put(ctx, only);
                socket.sender.execute(() -> socket.greet(ctx, only));
              });
          ws.onClose(ctx -> socket.sessions.remove(ctx));
          ws.onError(ctx -> socket.sessions.remove(ctx));
        });
    long ms = PROGRESS_INTERVAL.toMillis();
    // A fixed delay, not a fixed rate: after a stall (a collector pause, a loaded machine) the
    // ticks do not catch up in a burst, so messages of one download stay PROGRESS_INTERVAL apart.
    socket.sender.scheduleWithFixedDelay(socket::tick, ms, ms, TimeUnit.MILLISECONDS);
    return socket;
  }

  @Override
  public void stateChanged(JobRecord job, DownloadState from) {
    DownloadJson view = DownloadJson.of(job, Optional.empty());
    sender.execute(() -> broadcast(job.id(), message("state", from.code(), view)));
  }

  @Override
  public void close() {
    sender.shutdownNow();
    sessions
        .keySet()
        .forEach(
            ctx -> {
              try {
                ctx.closeSession(1001, "the daemon is stopping");
              } catch (RuntimeException e) {
                log.debug("closing a WebSocket failed: {}", e.getMessage());
              }
            });
  }

  private void greet(WsContext ctx, Optional<String> only) {
    for (String id : queue.activeIds()) {
      if (only.isEmpty() || only.get().equals(id)) {
        progressOf(id).ifPresent(text -> send(ctx, text));
      }
    }
  }

  private void tick() {
    if (sessions.isEmpty()) {
      return;
    }
    for (String id : queue.activeIds()) {
      Optional<DownloadSnapshot> live = queue.live(id);
      if (live.isEmpty()) {
        continue;
      }
      long fingerprint = live.get().completedBytes() * 31 + live.get().speedBytesPerSecond();
      Long before = lastSent.put(id, fingerprint);
      if (before == null || before != fingerprint) {
        progressOf(id).ifPresent(text -> broadcast(id, text));
      }
    }
    lastSent.keySet().retainAll(queue.activeIds());
  }

  private Optional<String> progressOf(String id) {
    return queue
        .find(id)
        .map(job -> message("progress", null, DownloadJson.of(job, queue.live(id))));
  }

  private static String message(String type, String from, DownloadJson download) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", type);
    if (from != null) {
      m.put("from", from);
    }
    m.put("download", download);
    return Json.text(m);
  }

  private void broadcast(String id, String text) {
    sessions.forEach(
        (ctx, only) -> {
          if (only.isEmpty() || only.get().equals(id)) {
            send(ctx, text);
          }
        });
  }

  private void send(WsContext ctx, String text) {
    try {
      ctx.send(text);
    } catch (RuntimeException e) {
      sessions.remove(ctx);
      log.debug("dropped a WebSocket client: {}", e.getMessage());
    }
  }
}
