package dev.dlm.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.cli.progress.BarLine;
import dev.dlm.daemon.api.DownloadJson;
import dev.dlm.daemon.api.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dlm watch [ID]}: live progress of the daemon's downloads from its WebSocket. On a terminal
 * the lines are redrawn in place; otherwise each change is printed as a line. Watching one id ends
 * when that download completes (exit 0), fails (1) or is removed; watching all ends with Ctrl-C.
 */
@Command(
    name = "watch",
    mixinStandardHelpOptions = true,
    description = "Show live progress of the daemon's downloads (or of one).")
public final class WatchCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", arity = "0..1", description = "Watch only this download.")
  String id;

  private static final int LABEL_COLUMNS = 32;

  private final Map<String, DownloadJson> shown = new LinkedHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private int drawnLines;

  @Override
  int run(ClientContext context, DaemonClient client) {
    Optional<TerminalScreen> screen = context.terminal();
    CompletableFuture<Integer> end = new CompletableFuture<>();
    // Subscribe first, then read the current state: no change can fall between the two.
    CompletableFuture<Void> stream =
        client.events(
            Optional.ofNullable(id),
            message -> {
              DownloadJson d = read(message);
              if (d != null) {
                show(context, screen, d);
                if (id != null && finished(d)) {
                  end.complete(exitCodeOf(d));
                }
              }
            });
    if (id != null) {
      DownloadJson now = client.get(id);
      show(context, screen, now);
      if (finished(now)) {
        end.complete(exitCodeOf(now));
      }
    } else {
      client
          .list(Optional.of("active,queued,paused"), 0, 50)
          .downloads()
          .forEach(d -> show(context, screen, d));
    }
    stream.whenComplete((v, e) -> end.complete(id == null ? 0 : DaemonClient.FAILED));
    try {
      return end.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    } catch (ExecutionException e) {
      return DaemonClient.FAILED;
    } finally {
      stream.cancel(true);
    }
  }

  private static int exitCodeOf(DownloadJson d) {
    return d.state().equals("complete") ? 0 : DaemonClient.FAILED;
  }

  private static boolean finished(DownloadJson d) {
    return d.state().equals("complete")
        || d.state().equals("failed")
        || d.state().equals("removed");
  }

  private static DownloadJson read(JsonNode message) {
    try {
      return Json.MAPPER.treeToValue(message.get("download"), DownloadJson.class);
    } catch (Exception e) {
      return null;
    }
  }

  /**
   * On a terminal, redraws every shown download in place with the bars of {@code dlm get};
   * otherwise prints a line for each change.
   */
  private void show(ClientContext context, Optional<TerminalScreen> screen, DownloadJson d) {
    PrintWriter out = context.out();
    lock.lock();
    try {
      if (screen.isEmpty()) {
        DownloadJson before = shown.put(d.id(), d);
        if (before == null || !before.equals(d)) {
          out.println(DownloadLines.watch(d));
        }
      } else {
        if (d.state().equals("removed")) {
          shown.remove(d.id());
        } else {
          shown.put(d.id(), d);
        }
        if (drawnLines > 0) {
          out.print("\033[" + drawnLines + "A\033[J");
        }
        BarLine bars = new BarLine(screen.get().colour(), screen.get().unicode());
        int width = screen.get().width().getAsInt();
        for (DownloadJson each : shown.values()) {
          String label = each.id().substring(0, 8) + " " + DownloadLines.name(each);
          out.println(bars.render(label, LABEL_COLUMNS, DownloadLines.snapshot(each), width));
        }
        drawnLines = shown.size();
      }
      out.flush();
    } finally {
      lock.unlock();
    }
  }
}
