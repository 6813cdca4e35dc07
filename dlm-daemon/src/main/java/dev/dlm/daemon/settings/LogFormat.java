package dev.dlm.daemon.settings;

import java.util.Locale;

/** How the daemon's log file is written. */
public enum LogFormat {
  /** One human-readable line per event. */
  TEXT,
  /** One JSON object per line, for log shippers. */
  JSON;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  static LogFormat parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("use text or json");
    };
  }
}
