package dev.dlm.daemon.settings;

import java.util.Locale;

/**
 * Byte rates as users write them ({@code 500K}, {@code 5M}, {@code 1.5G}, plain bytes per second;
 * binary multiples as curl and aria2 use them), so the config file, the command line and REST
 * accept the same spelling.
 */
public final class Rates {

  private Rates() {}

  /** Parses a rate in bytes per second; {@code 0} means unlimited. */
  public static long parseBytesPerSecond(String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    if (t.endsWith("/S")) {
      t = t.substring(0, t.length() - 2);
    }
    if (t.endsWith("B")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("I")) {
      t = t.substring(0, t.length() - 1);
    }
    long multiplier = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'K' -> multiplier = 1L << 10;
        case 'M' -> multiplier = 1L << 20;
        case 'G' -> multiplier = 1L << 30;
        default -> multiplier = 1;
      }
      if (multiplier > 1) {
        t = t.substring(0, t.length() - 1);
      }
    }
    double value;
    try {
      value = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a rate; write e.g. 500K, 5M or 1048576", e);
    }
    if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("a rate must be zero (unlimited) or positive");
    }
    return Math.round(value * multiplier);
  }

  /**
   * The shortest exact spelling of {@code bytesPerSecond} ({@code 5M}, {@code 1536K}, {@code 0}).
   */
  public static String format(long bytesPerSecond) {
    if (bytesPerSecond != 0 && bytesPerSecond % (1L << 30) == 0) {
      return bytesPerSecond / (1L << 30) + "G";
    }
    if (bytesPerSecond != 0 && bytesPerSecond % (1L << 20) == 0) {
      return bytesPerSecond / (1L << 20) + "M";
    }
    if (bytesPerSecond != 0 && bytesPerSecond % (1L << 10) == 0) {
      return bytesPerSecond / (1L << 10) + "K";
    }
    return Long.toString(bytesPerSecond);
  }
}
