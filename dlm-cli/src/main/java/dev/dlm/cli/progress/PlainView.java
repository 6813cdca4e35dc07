package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.event.DownloadEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Progress for logs and pipes: a line when a download is planned, one every {@code interval} while
 * it runs, one for each retry or restart, and a final line with the checksums.
 */
final class PlainView extends SerialisedView {

  private final Clock clock;
  private final Duration interval;
  private final Map<String, Tracked> downloads = new HashMap<>();

  PlainView(Shell shell, Duration interval) {
    super(shell);
    this.clock = shell.clock();
    this.interval = interval;
  }

  @Override
  void event(DownloadEvent event) {
    Tracked download = downloads.computeIfAbsent(event.id(), Tracked::new);
    Instant now = clock.instant();
    switch (event) {
      case DownloadEvent.Planned p -> {
        download.planned(p.target(), p.totalBytes(), p.resumedBytes());
        download.lastPrinted = now;
        out.println(
            Messages.planned(download.label, p.totalBytes(), p.resumedBytes(), p.rangeable()));
      }
      case DownloadEvent.Progress p -> {
        download.snapshot = p.snapshot();
        if (Duration.between(download.lastPrinted, now).compareTo(interval) >= 0) {
          download.lastPrinted = now;
          out.println(line(download.label, p.snapshot()));
        }
      }
      case DownloadEvent.Retrying r ->
          out.println(
              download.label
                  + ": retrying in "
                  + Units.elapsed(r.delay())
                  + " (attempt "
                  + r.attempt()
                  + " failed: "
                  + r.message()
                  + ")");
      case DownloadEvent.Restarted r -> out.println(Messages.restarted(download.label, r.reason()));
      case DownloadEvent.StateChanged s -> {}
      case DownloadEvent.Finished f -> {}
    }
    out.flush();
  }

  /** {@code name: 45% of 1.0 GiB (450.0 MiB) at 12.3 MiB/s, ETA 0:45, 8 connections}. */
  static String line(String label, DownloadSnapshot s) {
    StringBuilder line = new StringBuilder(label).append(": ");
    if (s.totalBytes() >= 0) {
      line.append(Units.percent(s.completedBytes(), s.totalBytes()))
          .append("% of ")
          .append(Units.bytes(s.totalBytes()))
          .append(" (")
          .append(Units.bytes(s.completedBytes()))
          .append(')');
    } else {
      line.append(Units.bytes(s.completedBytes()));
    }
    line.append(" at ").append(Units.rate(s.speedBytesPerSecond()));
    s.eta().ifPresent(eta -> line.append(", ETA ").append(Units.clock(eta)));
    line.append(", ").append(s.connections()).append(s.connections() == 1 ? " connection" : " connections");
    return line.toString();
  }

  @Override
  void start(String id, URI url, Path directory) {
    Tracked download = downloads.computeIfAbsent(id, Tracked::new);
    download.url(url);
    if (download.lastPrinted.equals(Instant.MIN)) {
      download.lastPrinted = clock.instant();
    }
  }

  @Override
  void finish(String id, URI url, DownloadOutcome outcome) {
    Tracked download = Tracked.remove(downloads, id, url);
    switch (outcome) {
      case DownloadOutcome.Completed c -> {
        out.println(Messages.done(download.label, c));
        Messages.checksums(c).forEach(out::println);
      }
      case DownloadOutcome.Failed f -> {
        out.flush();
        err.println(FailureLine.of(url, f.kind(), f.message()));
      }
      case DownloadOutcome.Stopped s ->
          out.println(Messages.stopped(download.label, download.snapshot, s));
    }
    out.flush();
    err.flush();
  }
}
