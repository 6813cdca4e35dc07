package dev.dlm.cli.client;

import dev.dlm.cli.progress.Units;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.daemon.api.DownloadJson;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How downloads look on a terminal: the {@code ls} table, the {@code status} block, the {@code
 * watch} lines.
 */
final class DownloadLines {

  private DownloadLines() {}

  static String name(DownloadJson d) {
    String path = d.files().isEmpty() ? d.url() : d.files().getFirst().path();
    int slash = path.lastIndexOf('/');
    return slash >= 0 && slash < path.length() - 1 ? path.substring(slash + 1) : path;
  }

  static String percent(DownloadJson d) {
    if (d.totalBytes() == null || d.totalBytes() == 0) {
      return d.state().equals("complete") ? "100%" : "-";
    }
    return Units.percent(d.completedBytes(), d.totalBytes()) + "%";
  }

  /**
   * The download as the progress bar's snapshot, so {@code watch} draws the bars of {@code get}.
   */
  static DownloadSnapshot snapshot(DownloadJson d) {
    return new DownloadSnapshot(
        d.id(),
        DownloadState.valueOf(d.state().toUpperCase(Locale.ROOT)),
        d.files().isEmpty() ? Optional.empty() : Optional.of(Path.of(d.files().getFirst().path())),
        d.totalBytes() == null ? -1 : d.totalBytes(),
        d.completedBytes(),
        d.downloadSpeed(),
        Optional.empty(),
        d.connections(),
        List.of(),
        Optional.empty());
  }

  static List<String> table(List<DownloadJson> downloads) {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%-16s  %-8s  %-6s  %5s  %11s  %12s  %s",
            "ID",
            "STATE",
            "PRIO",
            "DONE",
            "SIZE",
            "SPEED",
            "NAME"));
    for (DownloadJson d : downloads) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-16s  %-8s  %-6s  %5s  %11s  %12s  %s",
              d.id(),
              d.state(),
              d.priority(),
              percent(d),
              d.totalBytes() == null ? "?" : Units.bytes(d.totalBytes()),
              d.state().equals("active") ? Units.rate(d.downloadSpeed()) : "",
              name(d)));
    }
    return lines;
  }

  static List<String> status(DownloadJson d) {
    List<String> lines = new ArrayList<>();
    lines.add("id:         " + d.id());
    lines.add("url:        " + d.url());
    lines.add("state:      " + d.state());
    lines.add("priority:   " + d.priority());
    lines.add("directory:  " + d.dir());
    for (DownloadJson.FileJson f : d.files()) {
      lines.add("file:       " + f.path());
    }
    lines.add(
        "progress:   "
            + Units.bytes(d.completedBytes())
            + " of "
            + (d.totalBytes() == null ? "unknown" : Units.bytes(d.totalBytes()))
            + " ("
            + percent(d)
            + ")");
    if (d.state().equals("active")) {
      lines.add(
          "speed:      "
              + Units.rate(d.downloadSpeed())
              + " over "
              + d.connections()
              + " connections");
    }
    if (d.limitRate() > 0) {
      lines.add("rate limit: " + Units.rate(d.limitRate()));
    }
    if (d.error() != null) {
      lines.add("error:      " + d.error().code() + ": " + d.error().message());
    }
    lines.add("added:      " + d.createdAt());
    if (d.finishedAt() != null) {
      lines.add("finished:   " + d.finishedAt());
    }
    return lines;
  }

  /** One watch line: a 20-cell bar, percent, sizes, speed and name. */
  static String watch(DownloadJson d) {
    int cells = 20;
    int filled =
        d.totalBytes() == null || d.totalBytes() == 0
            ? (d.state().equals("complete") ? cells : 0)
            : (int) Math.min(cells, d.completedBytes() * cells / d.totalBytes());
    String bar = "#".repeat(filled) + "-".repeat(cells - filled);
    return String.format(
        Locale.ROOT,
        "%-16s [%s] %5s %-8s %10s %12s  %s",
        d.id(),
        bar,
        percent(d),
        d.state(),
        Units.bytes(d.completedBytes()),
        d.state().equals("active") ? Units.rate(d.downloadSpeed()) : "",
        name(d));
  }
}
