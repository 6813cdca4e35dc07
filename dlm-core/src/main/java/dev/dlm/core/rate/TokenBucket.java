package dev.dlm.core.rate;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A token bucket whose rate can change while connections wait on it.
 *
 * <p>Connections pay after reading: {@link #acquire} takes the tokens even if that drives the bucket
 * into debt, then waits until the debt is refilled. Paying after the fact keeps reads at full buffer
 * size and makes the long-run rate exact; a fresh bucket starts empty, so there is no initial burst,
 * and an idle bucket saves at most {@link #BURST} worth of rate. Waits happen in slices of at most
 * 100 ms, re-reading the rate, so a change takes effect within one slice and a stopped download
 * stops waiting. With a rate of 0 (unlimited) {@link #acquire} is one volatile read.
 */
public final class TokenBucket {

  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private static final double BURST = 0.25;

  private final ReentrantLock lock = new ReentrantLock();
  private volatile long rateBytesPerSecond;
  private double tokens; // guarded by lock
  private long refilledAtNanos; // guarded by lock

  public TokenBucket(long rateBytesPerSecond) {
    this.refilledAtNanos = System.nanoTime();
    setRate(rateBytesPerSecond);
  }

  /** Changes the rate; 0 means unlimited. */
  public void setRate(long newRateBytesPerSecond) {
    if (newRateBytesPerSecond < 0) {
      throw new IllegalArgumentException("a rate must not be negative");
    }
    lock.lock();
    try {
      refill(System.nanoTime());
      rateBytesPerSecond = newRateBytesPerSecond;
      if (newRateBytesPerSecond == 0) {
        tokens = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  public long rateBytesPerSecond() {
    return rateBytesPerSecond;
  }

  /**
   * Pays for {@code bytes} and waits until the bucket is out of debt, the rate becomes unlimited, or
   * {@code cancelled} says to give up.
   */
  public void acquire(long bytes, BooleanSupplier cancelled) {
    if (rateBytesPerSecond == 0) {
      return;
    }
    lock.lock();
    try {
      refill(System.nanoTime());
      tokens -= bytes;
    } finally {
      lock.unlock();
    }
    while (!cancelled.getAsBoolean()) {
      long waitNanos;
      lock.lock();
      try {
        long rate = rateBytesPerSecond;
        if (rate == 0) {
          return;
        }
        refill(System.nanoTime());
        if (tokens >= 0) {
          return;
        }
        waitNanos = (long) (-tokens * 1e9 / rate);
      } finally {
        lock.unlock();
      }
      LockSupport.parkNanos(Math.max(1, Math.min(waitNanos, SLICE_NANOS)));
    }
  }

  /** A smaller read size when limited, so a slow cap is met smoothly rather than in bursts. */
  public int readSize(int bufferBytes) {
    long rate = rateBytesPerSecond;
    return rate == 0 ? bufferBytes : (int) Math.max(1024, Math.min(bufferBytes, rate / 16));
  }

  private void refill(long nowNanos) {
    long rate = rateBytesPerSecond;
    if (rate > 0) {
      tokens = Math.min(rate * BURST, tokens + (nowNanos - refilledAtNanos) * rate / 1e9);
    }
    refilledAtNanos = nowNanos;
  }
}
