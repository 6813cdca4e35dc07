package dev.dlm.core.rate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A token bucket whose rate can change while connections wait on it, exact from the first byte to
 * the last for any number of connections.
 *
 * <p>Connections pay <em>before</em> reading: {@link #acquire} reserves the bytes a read may return
 * and waits until the bucket has earned them; the connection then reads at most that many and hands
 * back what the read did not use with {@link #refund}. No byte is ever read before it was paid for,
 * so the last reads of a download cannot overshoot the way paying after the fact does (there, each
 * connection's final read went unpaid: about one second of rate in a burst). Reservations are kept
 * as positions on a running total and are served in the order they were made, so a connection that
 * asked first is let through first.
 *
 * <p>A fresh bucket starts empty when it is first used (so the time spent probing and planning is not
 * saved up into an initial burst), and an idle bucket saves at most {@link #BURST_SECONDS} worth of
 * rate. Waits happen in slices of at most 100 ms that re-read the rate, so a
 * change takes effect within one slice and a stopped download stops waiting. Reads shrink with the
 * rate and the number of connections sharing the bucket ({@link #readSize}) so that each wait is a
 * small fraction of a second and the rate is met smoothly. With a rate of 0 (unlimited) {@link
 * #acquire} and {@link #refund} are one volatile read each.
 */
public final class TokenBucket {

  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final double BURST_SECONDS = 0.1;
  private static final int READS_PER_SECOND = 16;
  private static final int MIN_READ_BYTES = 1024;

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger users = new AtomicInteger();
  private volatile long rateBytesPerSecond;
  private double earnedBytes; // guarded by lock; running total of what the rate has paid for
  private double reservedBytes; // guarded by lock; running total of what connections asked for
  private long refilledAtNanos; // guarded by lock
  private boolean used; // guarded by lock; nothing is saved before the first read

  public TokenBucket(long rateBytesPerSecond) {
    this.refilledAtNanos = System.nanoTime();
    setRate(rateBytesPerSecond);
  }

  /** Changes the rate; 0 means unlimited. A bucket that becomes limited starts empty. */
  public void setRate(long newRateBytesPerSecond) {
    if (newRateBytesPerSecond < 0) {
      throw new IllegalArgumentException("a rate must not be negative");
    }
    lock.lock();
    try {
      refill(System.nanoTime());
      if (rateBytesPerSecond == 0 || newRateBytesPerSecond == 0) {
        earnedBytes = reservedBytes;
      }
      rateBytesPerSecond = newRateBytesPerSecond;
      earnedBytes = Math.min(earnedBytes, cap(newRateBytesPerSecond));
    } finally {
      lock.unlock();
    }
  }

  public long rateBytesPerSecond() {
    return rateBytesPerSecond;
  }

  /**
   * Reserves {@code bytes} and waits until the bucket has earned them, the rate becomes unlimited,
   * or {@code cancelled} says to give up. Returns the bytes the caller may now read: {@code bytes},
   * or 0 when cancelled (the reservation is then handed back).
   */
  public long acquire(long bytes, BooleanSupplier cancelled) {
    if (rateBytesPerSecond == 0) {
      return bytes;
    }
    double position;
    lock.lock();
    try {
      refill(System.nanoTime());
      if (!used) {
        used = true;
        earnedBytes = reservedBytes;
      }
      reservedBytes += bytes;
      position = reservedBytes;
    } finally {
      lock.unlock();
    }
    while (true) {
      if (cancelled.getAsBoolean()) {
        refund(bytes);
        return 0;
      }
      long waitNanos;
      lock.lock();
      try {
        long rate = rateBytesPerSecond;
        if (rate == 0) {
          return bytes;
        }
        refill(System.nanoTime());
        if (earnedBytes >= position) {
          return bytes;
        }
        waitNanos = (long) ((position - earnedBytes) * 1e9 / rate);
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(Math.max(1, Math.min(waitNanos, SLICE_NANOS)));
    }
  }

  /**
   * Hands back {@code bytes} of an acquired reservation that the read did not use. They were earned
   * already, so they are kept even beyond the idle saving; at most the reads in flight (about 1/16 s
   * of rate in all, see {@link #readSize}) can be handed back at once.
   */
  public void refund(long bytes) {
    if (bytes <= 0 || rateBytesPerSecond == 0) {
      return;
    }
    lock.lock();
    try {
      refill(System.nanoTime());
      earnedBytes += bytes;
    } finally {
      lock.unlock();
    }
  }

  /** Counts a connection that reads through this bucket; {@link #readSize} divides among them. */
  public void enter() {
    users.incrementAndGet();
  }

  /** The connection counted by {@link #enter} is done. */
  public void leave() {
    users.decrementAndGet();
  }

  /**
   * How much one read should ask for: everything when unlimited, else about 1/16 s of this
   * connection's share of the rate (at least 1 KiB), so waits stay short and the rate smooth.
   */
  public int readSize(int bufferBytes) {
    long rate = rateBytesPerSecond;
    if (rate == 0) {
      return bufferBytes;
    }
    long share = rate / ((long) READS_PER_SECOND * Math.max(1, users.get()));
    return (int) Math.max(Math.min(MIN_READ_BYTES, bufferBytes), Math.min(bufferBytes, share));
  }

  /** The most the bucket may have earned beyond its reservations: a short idle saving. */
  private double cap(long rate) {
    return reservedBytes + rate * BURST_SECONDS;
  }

  private void refill(long nowNanos) {
    long rate = rateBytesPerSecond;
    if (rate > 0 && earnedBytes < cap(rate)) {
      earnedBytes = Math.min(cap(rate), earnedBytes + (nowNanos - refilledAtNanos) * (double) rate / 1e9);
    }
    refilledAtNanos = nowNanos;
  }
}
