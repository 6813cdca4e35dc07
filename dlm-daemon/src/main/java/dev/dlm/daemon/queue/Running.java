package dev.dlm.daemon.queue;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.Priority;
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

  /**
   * Changes made while the run was going ({@code PATCH}); the engine saves its own copy of the job
   * as it runs, so these are applied again when the run ends.
   */
  Priority priority;

  DownloadRequest request;

  /** The state the user saw when removing it, for the removal's event. */
  DownloadState removedFrom = DownloadState.ACTIVE;

  final CompletableFuture<Void> ended = new CompletableFuture<>();

  Running(String id) {
    this.id = id;
  }
}
