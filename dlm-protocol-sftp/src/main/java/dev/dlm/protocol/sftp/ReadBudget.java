package dev.dlm.protocol.sftp;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many bytes of READ requests each open read may keep in flight: a share of one total across
 * every read of the protocol, capped per read.
 *
 * <p>Why: one read needs megabytes in flight to fill a long link, but sixteen reads with as much
 * each queue a hundred megabytes in the servers and the kernel, and on a busy machine that made a
 * 1 GiB download over 16 sessions half again slower (8 MiB per read: 24 s; 2 MiB: 16 s). Sharing a
 * total keeps one session's read-ahead large and many sessions' sum bounded, which also bounds the
 * memory the reply buffers take.
 */
final class ReadBudget {

  private final long totalBytes;
  private final long perReadBytes;
  private final AtomicInteger reads = new AtomicInteger();

  /**
   * @param totalBytes what all reads together may keep in flight
   * @param perReadBytes the most one read may keep in flight
   */
  ReadBudget(long totalBytes, long perReadBytes) {
    this.totalBytes = totalBytes;
    this.perReadBytes = perReadBytes;
  }

  void enter() {
    reads.incrementAndGet();
  }

  void leave() {
    reads.decrementAndGet();
  }

  /** One read's share now: never less than {@code floorBytes}, so every read keeps moving. */
  long shareBytes(long floorBytes) {
    long share = Math.min(perReadBytes, totalBytes / Math.max(1, reads.get()));
    return Math.max(floorBytes, share);
  }
}
