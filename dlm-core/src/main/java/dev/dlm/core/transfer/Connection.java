package dev.dlm.core.transfer;

import dev.dlm.spi.RangeStream;
import java.io.IOException;

/**
 * What the rest of a transfer may see of one worker's open stream: its byte count for the
 * low-speed watchdog, and a way to abandon it from another thread (stop, stall).
 */
final class Connection {

  private volatile RangeStream stream;
  private volatile long readBytes;
  private volatile boolean stalled;
  private volatile long windowStartNanos; // reset by the owner on attach, then moved by the watchdog
  private volatile long windowStartBytes; // likewise
  private long sinceCheckpointBytes; // owner only

  void attach(RangeStream opened, long nowNanos) {
    stream = opened;
    stalled = false;
    windowStartNanos = nowNanos;
    windowStartBytes = readBytes;
  }

  void detach() {
    stream = null;
  }

  boolean open() {
    return stream != null;
  }

  /** Owner only: counts written bytes; returns whether a checkpoint is now due for this connection. */
  boolean count(long bytes, long checkpointBytes) {
    readBytes += bytes;
    sinceCheckpointBytes += bytes;
    if (sinceCheckpointBytes >= checkpointBytes) {
      sinceCheckpointBytes = 0;
      return true;
    }
    return false;
  }

  /** Whether this connection was dropped for being too slow. */
  boolean stalled() {
    return stalled;
  }

  /**
   * Watchdog: drops the stream if fewer than {@code minBytesPerSecond} arrived over the last {@code
   * windowNanos}.
   */
  void watch(long nowNanos, long windowNanos, long minBytesPerSecond) {
    if (stream == null || nowNanos - windowStartNanos < windowNanos) {
      return;
    }
    long got = readBytes - windowStartBytes;
    windowStartNanos = nowNanos;
    windowStartBytes = readBytes;
    if (got * 1_000_000_000L < minBytesPerSecond * windowNanos) {
      stalled = true;
      abandon();
    }
  }

  /** Closes the stream under the worker's feet; its blocked read then fails. */
  void abandon() {
    RangeStream current = stream;
    if (current != null) {
      try {
        current.close();
      } catch (IOException | RuntimeException ignored) {
        // the worker sees the broken stream; nothing else to do
      }
    }
  }
}
