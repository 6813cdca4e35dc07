package dev.dlm.core.event;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.spi.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the engine tells its observers. Progress is sampled (a few times a second) and may be
 * coalesced for slow subscribers; every other event is delivered in order.
 */
public sealed interface DownloadEvent {

  String id();

  /** The download moved from one state to another. */
  record StateChanged(String id, DownloadState from, DownloadState to) implements DownloadEvent {}

  /**
   * The source was probed and the plan made.
   *
   * @param target where the finished file will be
   * @param totalBytes its length, {@code -1} if unknown
   * @param resumedBytes bytes already done from an earlier run
   * @param rangeable whether ranges (and so several connections and resume) work
   */
  record Planned(String id, Path target, long totalBytes, long resumedBytes, boolean rangeable)
      implements DownloadEvent {}

  /** A periodic progress sample. */
  record Progress(String id, DownloadSnapshot snapshot) implements DownloadEvent {}

  /** A part failed with a transient error and is tried again after {@code delay}. */
  record Retrying(String id, int attempt, Duration delay, ErrorKind kind, String message)
      implements DownloadEvent {}

  /** The remote file changed since the checkpoint, so the download starts over. */
  record Restarted(String id, String reason) implements DownloadEvent {}

  /** The run ended. */
  record Finished(String id, DownloadOutcome outcome) implements DownloadEvent {}
}
