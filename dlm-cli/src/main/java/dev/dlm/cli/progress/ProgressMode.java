package dev.dlm.cli.progress;

import java.util.Locale;

/** How {@code dlm get} shows progress ({@code --progress}, {@code -q}). */
public enum ProgressMode {
  /** A live bar per download, redrawn in place: for terminals. */
  BAR,
  /** A line every few seconds and at the end: for logs and pipes. */
  PLAIN,
  /** One JSON object per event on standard output: for scripts. */
  JSON,
  /** Nothing but errors. */
  QUIET;

  /** The spelling on the command line. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
