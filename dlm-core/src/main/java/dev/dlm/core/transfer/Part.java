package dev.dlm.core.transfer;

import dev.dlm.core.DownloadSnapshot.PartState;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A contiguous range of the file that one connection fills from its start upward.
 *
 * <p>Three positions: {@code written} (bytes below are on disk, maybe not yet forced), {@code
 * reserved} (bytes below are written or being written by the owner) and {@code end}. Only the owning
 * worker moves {@code reserved} and {@code written}; a thief may lower {@code end}, but never below
 * {@code reserved} plus a margin, so the owner never writes past its end: it claims each buffer
 * under the lock before writing it. The lock is never held across I/O.
 */
final class Part {

  private final ReentrantLock lock = new ReentrantLock();
  private final long startByte;
  private long endByte; // guarded by lock; -1 until the stream ends for an unknown length
  private long reservedByte; // guarded by lock
  private volatile long writtenByte;
  private volatile PartState state = PartState.PENDING;

  Part(long startByte, long endByte) {
    this.startByte = startByte;
    this.endByte = endByte;
    this.reservedByte = startByte;
    this.writtenByte = startByte;
  }

  long startByte() {
    return startByte;
  }

  long endByte() {
    lock.lock();
    try {
      return endByte;
    } finally {
      lock.unlock();
    }
  }

  long writtenByte() {
    return writtenByte;
  }

  PartState state() {
    return state;
  }

  void state(PartState newState) {
    state = newState;
  }

  /** How many of {@code bytes} the owner may write at {@link #writtenByte()}; 0 at the end. */
  long claim(long bytes) {
    lock.lock();
    try {
      long allowed = endByte < 0 ? bytes : Math.max(0, Math.min(bytes, endByte - reservedByte));
      reservedByte += allowed;
      return allowed;
    } finally {
      lock.unlock();
    }
  }

  /** Records that the claimed {@code bytes} are written. Owner only. */
  void commit(long bytes) {
    writtenByte += bytes;
  }

  /** Forgets a claim whose write did not happen (a failed connection). Owner only. */
  void rewind() {
    lock.lock();
    try {
      reservedByte = writtenByte;
    } finally {
      lock.unlock();
    }
  }

  /** Starts the part over from its first byte (a stream that cannot resume mid-way). Owner only. */
  void restart() {
    lock.lock();
    try {
      reservedByte = startByte;
      writtenByte = startByte;
    } finally {
      lock.unlock();
    }
  }

  /** Fixes the end of an unknown-length part where its stream ended. Owner only. */
  void endHere() {
    lock.lock();
    try {
      endByte = writtenByte;
    } finally {
      lock.unlock();
    }
  }

  boolean finished() {
    lock.lock();
    try {
      return endByte >= 0 && writtenByte >= endByte;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes not yet claimed; {@link Long#MAX_VALUE} while the end is unknown. */
  long unclaimedBytes() {
    lock.lock();
    try {
      return endByte < 0 ? Long.MAX_VALUE : endByte - reservedByte;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Gives the upper half of what is left to a new part, if both halves keep at least {@code
   * minBytes} and the owner keeps at least {@code marginBytes} beyond its claim.
   */
  Part splitOff(long minBytes, long marginBytes) {
    lock.lock();
    try {
      if (endByte < 0) {
        return null;
      }
      long unclaimed = endByte - reservedByte;
      long keep = Math.max(marginBytes, unclaimed / 2);
      if (unclaimed - keep < minBytes || keep < minBytes) {
        return null;
      }
      Part stolen = new Part(reservedByte + keep, endByte);
      endByte = reservedByte + keep;
      return stolen;
    } finally {
      lock.unlock();
    }
  }
}
