package dev.dlm.core;

import java.util.concurrent.CompletableFuture;

/**
 * A running (or finished) download, as the engine hands it out. Thread-safe: any thread may pause,
 * cancel or read a snapshot at any time.
 */
public interface Download {

  /** The job id, stable across runs and restarts. */
  String id();

  DownloadRequest request();

  /** Completes once when this run ends; never completes exceptionally. */
  CompletableFuture<DownloadOutcome> outcome();

  DownloadSnapshot snapshot();

  /**
   * Stops every connection of this download, writes a final checkpoint, and completes {@link
   * #outcome()} with {@link DownloadOutcome.Stopped}. Returns at once; idempotent.
   */
  void stop();

  /** Changes the rate cap of this download while it runs (0 = unlimited); effective within 1 s. */
  void limitRate(long bytesPerSecond);
}
