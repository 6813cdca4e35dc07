package dev.dlm.core.transfer;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The direct buffers the trailing hashers read into, reused across downloads. A direct buffer's
 * memory is released only when the buffer object is garbage-collected, and a download's buffer
 * usually outlives several young collections; one fresh buffer per download let a run of 1,000 small
 * files ({@code dlm get -i}) hold about 220 MiB until a full collection. Reusing them keeps the
 * memory at one buffer per download hashing at the same time.
 */
final class HashBuffers {

  static final int BYTES = 256 * 1024;
  private static final int MAX_IDLE = 16;

  private static final ConcurrentLinkedQueue<ByteBuffer> IDLE = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger IDLE_COUNT = new AtomicInteger();
  private static final AtomicLong ALLOCATED = new AtomicLong();

  private HashBuffers() {}

  /** An idle buffer, cleared, or a new one when none is idle. */
  static ByteBuffer take() {
    ByteBuffer buffer = IDLE.poll();
    if (buffer != null) {
      IDLE_COUNT.decrementAndGet();
      return buffer.clear();
    }
    ALLOCATED.incrementAndGet();
    return ByteBuffer.allocateDirect(BYTES);
  }

  /** Returns a buffer for reuse; beyond a few idle ones it is left to the collector. */
  static void give(ByteBuffer buffer) {
    if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
      IDLE.offer(buffer);
    } else {
      IDLE_COUNT.decrementAndGet();
    }
  }

  /** How many buffers were ever allocated (for tests). */
  static long allocated() {
    return ALLOCATED.get();
  }
}
