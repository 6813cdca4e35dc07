package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.event.DownloadEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Progress for logs and pipes: a line when a download is planned, one every {@code interval} while
 * it runs, one for each retry or restart, and a final line with the checksums.
 */
final class PlainView implements ProgressView {

  private final ReentrantLock lock = new ReentrantLock();
  private final PrintWriter out;
  private final PrintWriter err;
  private final Clock clock;
  private final Duration interval;
  private final Map<String, Tracked> downloads = new HashMap<>();
  private final Set<String> ended = new HashSet<>();

  PlainView(Shell shell, Duration interval) {
    this.out = shell.out();
    this.err = shell.err();
    this.clock = shell.clock();
    this.interval = interval;
  }

  @Override
  public void accept(DownloadEvent event) {
    lock.lock();
    try {
      if (ended.contains(event.id())) {
        return;
      }
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
    } finally {
      lock.unlock();
    }
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
  public void started(String id, URI url, Path directory) {
    lock.lock();
    try {
      Tracked download = downloads.computeIfAbsent(id, Tracked::new);
      download.url(url);
      if (download.lastPrinted.equals(Instant.MIN)) {
        download.lastPrinted = clock.instant();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void finished(String id, URI url, DownloadOutcome outcome) {
    lock.lock();
    try {
      ended.add(id);
      Tracked download = downloads.remove(id);
      if (download == null) {
        download = new Tracked(id);
        download.url(url);
      }
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
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void rejected(String line) {
    lock.lock();
    try {
      out.flush();
      err.println("dlm: " + line);
      err.flush();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      out.flush();
    } finally {
      lock.unlock();
    }
  }
}
