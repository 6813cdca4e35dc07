package dev.dlm.core;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The lifecycle of a download, one state at a time, with its legal transitions. (aria2 spreads this
 * over loose halt/pause booleans; one enum keeps every surface consistent.)
 */
public enum DownloadState {
  QUEUED,
  ACTIVE,
  PAUSED,
  COMPLETE,
  FAILED,
  REMOVED;

  private Set<DownloadState> next() {
    return switch (this) {
      case QUEUED -> EnumSet.of(ACTIVE, PAUSED, REMOVED, FAILED);
      case ACTIVE -> EnumSet.of(QUEUED, PAUSED, COMPLETE, FAILED, REMOVED);
      case PAUSED -> EnumSet.of(QUEUED, ACTIVE, REMOVED);
      case FAILED -> EnumSet.of(QUEUED, ACTIVE, REMOVED);
      case COMPLETE -> EnumSet.of(REMOVED, QUEUED);
      case REMOVED -> EnumSet.noneOf(DownloadState.class);
    };
  }

  public boolean canMoveTo(DownloadState target) {
    return next().contains(target);
  }

  public boolean terminal() {
    return this == COMPLETE || this == FAILED || this == REMOVED;
  }

  /** The JSON spelling ({@code "active"}). */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
