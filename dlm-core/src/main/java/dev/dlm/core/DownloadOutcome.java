package dev.dlm.core;

import dev.dlm.spi.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How a run of a download ended. */
public sealed interface DownloadOutcome {

  /**
   * Every file is in place, verified and renamed.
   *
   * @param files the final paths (one for a single file; several for a directory)
   * @param totalBytes bytes in the finished files
   * @param sha256Hex the SHA-256 of each file, in the order of {@code files}
   * @param elapsed the wall time of this run
   */
  record Completed(List<Path> files, long totalBytes, List<String> sha256Hex, Duration elapsed)
      implements DownloadOutcome {}

  /**
   * The download cannot finish; what was downloaded stays on disk and in the checkpoint unless the
   * kind makes it worthless (a checksum mismatch).
   */
  record Failed(ErrorKind kind, String message) implements DownloadOutcome {}

  /** Stopped on request (pause, Ctrl-C, shutdown) after a final checkpoint; resumable. */
  record Stopped(long completedBytes) implements DownloadOutcome {}
}
