package dev.dlm.core;

import dev.dlm.spi.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A consistent view of one download at one instant, for progress bars and the APIs.
 *
 * @param id the job id
 * @param state the lifecycle state
 * @param target the final path once known
 * @param totalBytes the total, or {@code -1} while unknown
 * @param completedBytes bytes written so far (not all of them checkpointed yet)
 * @param speedBytesPerSecond a smoothed download rate
 * @param eta the estimated time left, when the total and a rate are known
 * @param connections open connections now
 * @param parts each part of the plan, in file order
 * @param error the last error, when failed
 */
public record DownloadSnapshot(
    String id,
    DownloadState state,
    Optional<Path> target,
    long totalBytes,
    long completedBytes,
    long speedBytesPerSecond,
    Optional<Duration> eta,
    int connections,
    List<Part> parts,
    Optional<Error> error) {

  public DownloadSnapshot {
    parts = List.copyOf(parts);
  }

  /** What a part is doing, for the coloured blocks of the progress bar. */
  public enum PartState {
    PENDING,
    ACTIVE,
    DONE,
    FAILED
  }

  /** One part: the bytes {@code [startByte, endByte)} of which {@code completedBytes} are written. */
  public record Part(long startByte, long endByte, long completedBytes, PartState state) {}

  /** Why the download failed. */
  public record Error(ErrorKind kind, String message) {}
}
