package dev.dlm.core.store;

import java.util.Locale;

/** Queue priority; within one priority, jobs run first in, first out. */
public enum Priority {
  HIGH,
  NORMAL,
  LOW;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code high}, {@code normal} or {@code low}, in any case. */
  public static Priority parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown priority '" + text + "'; use high, normal or low", e);
    }
  }
}
