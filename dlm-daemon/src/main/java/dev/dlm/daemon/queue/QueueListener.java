package dev.dlm.daemon.queue;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;

/**
 * Hears what the queue decides. Called on the queue's own thread after the store was updated:
 * implementations must be quick and must not call back into the queue synchronously.
 */
public interface QueueListener {

  /** {@code job} (as now stored, or as last stored when removed) moved from {@code from}. */
  void stateChanged(JobRecord job, DownloadState from);

  /** A run of {@code job} starts (first run, resume, retry, or after a restart). */
  default void runStarted(JobRecord job) {}

  /** A run ended with {@code outcome}; {@code retrying} when the queue will run it again. */
  default void runEnded(JobRecord job, DownloadOutcome outcome, boolean retrying) {}
}
