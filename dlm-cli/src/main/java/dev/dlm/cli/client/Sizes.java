package dev.dlm.cli.client;

import java.util.Locale;

/** Byte counts and rates for people: {@code 1.5 MiB}, {@code 320 KiB/s}. */
final class Sizes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

  private Sizes() {}

  static String bytes(long n) {
    double value = n;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
  }

  static String rate(long bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }
}
