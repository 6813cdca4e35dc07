package dev.dlm.daemon.queue;

import dev.dlm.core.Download;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * A job that holds one of the {@code maxConcurrent} slots: running now, or waiting for its next
 * attempt after a transient failure. Written only on the queue's thread; read by any.
 */
final class Running {

  final String id;
  volatile Download download;
  volatile ScheduledFuture<?> retry;
  volatile Intent intent = Intent.RUN;
  int failedRuns;
  final CompletableFuture<Void> ended = new CompletableFuture<>();

  Running(String id) {
    this.id = id;
  }
}
