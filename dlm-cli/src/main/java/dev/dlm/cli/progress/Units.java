package dev.dlm.cli.progress;

import java.time.Duration;
import java.util.Locale;

/** Human-readable byte counts, rates and durations, in binary units as aria2 and curl print them. */
public final class Units {

  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Units() {}

  /** {@code 999 B}, {@code 1.0 KiB}, {@code 12.3 MiB}. */
  public static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    if (value >= 999.95 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  /** {@code 12.3 MiB/s}. */
  public static String rate(long bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  /** {@code 0:45}, {@code 12:03}, {@code 1:02:03}; days beyond 99 hours read {@code >4d}. */
  public static String clock(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long hours = seconds / 3600;
    if (hours > 99) {
      return ">4d";
    }
    long minutes = seconds / 60 % 60;
    long secs = seconds % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }

  /** {@code 3.2 s}, {@code 1:02:03}: how long a finished download took. */
  public static String elapsed(Duration duration) {
    return duration.toSeconds() < 60
        ? String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0)
        : clock(duration);
  }

  /** The percentage done, rounded down: 100 only when complete. */
  public static int percent(long completedBytes, long totalBytes) {
    if (completedBytes >= totalBytes) {
      return 100;
    }
    return (int) Math.min(99, (long) (completedBytes * 100.0 / totalBytes));
  }
}
