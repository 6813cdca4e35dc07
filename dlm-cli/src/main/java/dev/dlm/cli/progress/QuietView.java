package dev.dlm.cli.progress;

import dev.dlm.cli.Shell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/** {@code -q}: nothing but the error lines. */
final class QuietView implements ProgressView {

  private final ReentrantLock lock = new ReentrantLock();
  private final PrintWriter err;

  QuietView(Shell shell) {
    this.err = shell.err();
  }

  @Override
  public void accept(DownloadEvent event) {}

  @Override
  public void started(String id, URI url, Path directory) {}

  @Override
  public void finished(String id, URI url, DownloadOutcome outcome) {
    if (outcome instanceof DownloadOutcome.Failed f) {
      print(FailureLine.of(url, f.kind(), f.message()));
    }
  }

  @Override
  public void rejected(String line) {
    print("dlm: " + line);
  }

  private void print(String line) {
    lock.lock();
    try {
      err.println(line);
      err.flush();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}
}
