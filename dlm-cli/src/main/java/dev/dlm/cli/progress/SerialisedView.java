package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the views that print progress share: every call runs under one lock, so lines from the event
 * thread and the download threads never interleave, and a download's events that arrive after it
 * finished are dropped. A view only says what each call prints.
 */
abstract sealed class SerialisedView implements ProgressView permits BarView, PlainView, JsonView {

  final PrintWriter out;
  final PrintWriter err;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<String> ended = new HashSet<>();

  SerialisedView(Shell shell) {
    this.out = shell.out();
    this.err = shell.err();
  }

  /** An engine event of a download that has not finished. */
  abstract void event(DownloadEvent event);

  abstract void start(String id, URI url, Path directory);

  /** The end of a download: later events of {@code id} are dropped. */
  abstract void finish(String id, URI url, DownloadOutcome outcome);

  /** A download that could not start; by default its line goes to standard error. */
  void reject(String line) {
    out.flush();
    err.println("dlm: " + line);
    err.flush();
  }

  /** Ends the output; by default only flushes it. */
  void end() {
    out.flush();
  }

  @Override
  public final void accept(DownloadEvent event) {
    locked(
        () -> {
          if (!ended.contains(event.id())) {
            event(event);
          }
        });
  }

  @Override
  public final void started(String id, URI url, Path directory) {
    locked(() -> start(id, url, directory));
  }

  @Override
  public final void finished(String id, URI url, DownloadOutcome outcome) {
    locked(
        () -> {
          ended.add(id);
          finish(id, url, outcome);
        });
  }

  @Override
  public final void rejected(String line) {
    locked(() -> reject(line));
  }

  @Override
  public final void close() {
    locked(this::end);
  }

  private void locked(Runnable call) {
    lock.lock();
    try {
      call.run();
    } finally {
      lock.unlock();
    }
  }
}
