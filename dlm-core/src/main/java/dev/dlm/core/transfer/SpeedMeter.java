package dev.dlm.core.transfer;

/**
 * A smoothed rate from periodic samples of a growing byte count: an exponentially weighted moving
 * average with a time constant of about three seconds, steady enough for an ETA.
 */
final class SpeedMeter {

  private static final double TIME_CONSTANT_SECONDS = 3.0;

  private long lastBytes = -1;
  private long lastNanos;
  private double rateBytesPerSecond;

  /** Called by one thread (the ticker). */
  long sample(long bytes, long nowNanos) {
    if (lastBytes >= 0 && nowNanos > lastNanos) {
      double seconds = (nowNanos - lastNanos) / 1e9;
      double instant = Math.max(0, bytes - lastBytes) / seconds;
      double weight = 1 - Math.exp(-seconds / TIME_CONSTANT_SECONDS);
      rateBytesPerSecond = rateBytesPerSecond == 0 ? instant : rateBytesPerSecond + weight * (instant - rateBytesPerSecond);
    }
    lastBytes = bytes;
    lastNanos = nowNanos;
    return (long) rateBytesPerSecond;
  }
}
