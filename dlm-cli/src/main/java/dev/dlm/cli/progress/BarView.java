package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Live bars, one line per running download, redrawn in place at most ten times a second. Lasting
 * lines (checksums, errors, notices) are printed above the bars: the bars are erased, the line
 * printed, the bars drawn again below it.
 */
final class BarView extends SerialisedView {

  private static final Duration REDRAW_INTERVAL = Duration.ofMillis(100);
  private static final int MAX_LABEL_COLUMNS = 32;
  private static final String UP = "\u001b[%dA";
  private static final String CLEAR_LINE = "\u001b[2K";
  private static final String CLEAR_BELOW = "\u001b[J";

  private final TerminalScreen screen;
  private final BarLine bar;
  private final Clock clock;
  private final Map<String, Tracked> live = new LinkedHashMap<>();
  private int drawnLines;
  private Instant lastDraw = Instant.MIN;

  BarView(Shell shell, TerminalScreen screen) {
    super(shell);
    this.screen = screen;
    this.bar = new BarLine(screen.colour(), screen.unicode());
    this.clock = shell.clock();
  }

  @Override
  void event(DownloadEvent event) {
    Tracked download = live.computeIfAbsent(event.id(), Tracked::new);
    switch (event) {
      case DownloadEvent.Planned p -> {
        download.planned(p.target(), p.totalBytes(), p.resumedBytes());
        draw(true);
      }
      case DownloadEvent.Progress p -> {
        download.snapshot = p.snapshot();
        draw(false);
      }
      case DownloadEvent.Restarted r -> above(out, Messages.restarted(download.label, r.reason()));
      case DownloadEvent.StateChanged s -> draw(false);
      case DownloadEvent.Retrying r -> draw(false);
      case DownloadEvent.Finished f -> draw(false);
    }
  }

  @Override
  void start(String id, URI url, Path directory) {
    live.computeIfAbsent(id, Tracked::new).url(url);
    draw(true);
  }

  @Override
  void finish(String id, URI url, DownloadOutcome outcome) {
    Tracked download = Tracked.remove(live, id, url);
    switch (outcome) {
      case DownloadOutcome.Completed c -> above(out, Messages.checksums(c).toArray(String[]::new));
      case DownloadOutcome.Failed f -> above(err, FailureLine.of(url, f.kind(), f.message()));
      case DownloadOutcome.Stopped s ->
          above(out, Messages.stopped(download.label, download.snapshot, s));
    }
  }

  @Override
  void reject(String line) {
    above(err, "dlm: " + line);
  }

  @Override
  void end() {
    erase();
    out.flush();
  }

  private void above(PrintWriter stream, String... lines) {
    erase();
    out.flush();
    for (String line : lines) {
      stream.println(line);
    }
    stream.flush();
    draw(true);
  }

  private void erase() {
    if (drawnLines > 0) {
      out.print("\r" + String.format(UP, drawnLines) + CLEAR_BELOW);
      drawnLines = 0;
    }
  }

  private void draw(boolean now) {
    Instant time = clock.instant();
    if (!now && Duration.between(lastDraw, time).compareTo(REDRAW_INTERVAL) < 0) {
      return;
    }
    lastDraw = time;
    int width = Math.max(20, screen.width().getAsInt());
    int labelColumns = 8;
    for (Tracked download : live.values()) {
      labelColumns = Math.max(labelColumns, download.label.length());
    }
    labelColumns = Math.min(labelColumns, Math.min(MAX_LABEL_COLUMNS, width / 3));
    StringBuilder frame = new StringBuilder();
    if (drawnLines > 0) {
      frame.append('\r').append(String.format(UP, drawnLines));
    }
    for (Tracked download : live.values()) {
      frame
          .append('\r')
          .append(CLEAR_LINE)
          .append(bar.render(download.label, labelColumns, download.snapshot, width))
          .append('\n');
    }
    if (live.size() < drawnLines) {
      frame.append(CLEAR_BELOW);
    }
    drawnLines = live.size();
    out.print(frame);
    out.flush();
  }
}
