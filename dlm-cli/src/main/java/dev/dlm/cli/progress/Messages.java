package dev.dlm.cli.progress;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The sentences the bar and plain views share. */
final class Messages {

  private Messages() {}

  /** {@code sha256 HEX  PATH} for every finished file, like {@code sha256sum} with a tag. */
  static List<String> checksums(DownloadOutcome.Completed completed) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < completed.files().size(); i++) {
      Path file = completed.files().get(i);
      String hex = i < completed.sha256Hex().size() ? completed.sha256Hex().get(i) : "?";
      lines.add("sha256 " + hex + "  " + file);
    }
    return lines;
  }

  static String done(String label, DownloadOutcome.Completed completed) {
    Duration elapsed = completed.elapsed();
    long millis = Math.max(1, elapsed.toMillis());
    return label
        + ": done, "
        + Units.bytes(completed.totalBytes())
        + " in "
        + Units.elapsed(elapsed)
        + " ("
        + Units.rate(completed.totalBytes() * 1000 / millis)
        + ")";
  }

  static String stopped(String label, DownloadSnapshot last, DownloadOutcome.Stopped stopped) {
    long total = last.totalBytes();
    return label
        + ": stopped at "
        + (total > 0 ? Units.percent(stopped.completedBytes(), total) + "% (" : "")
        + Units.bytes(stopped.completedBytes())
        + (total > 0 ? " of " + Units.bytes(total) + ")" : "")
        + "; the same command resumes";
  }

  static String planned(String label, long totalBytes, long resumedBytes, boolean rangeable) {
    StringBuilder line = new StringBuilder(label).append(": ");
    line.append(totalBytes >= 0 ? Units.bytes(totalBytes) : "size unknown");
    if (resumedBytes > 0 && resumedBytes == totalBytes) {
      line.append(", already downloaded and unchanged");
    } else if (resumedBytes > 0) {
      line.append(", resuming at ").append(Units.bytes(resumedBytes));
    }
    if (!rangeable) {
      line.append(", one stream (the server cannot resume)");
    }
    return line.toString();
  }

  /** The engine's reason usually says what happens next; if not, this line does. */
  static String restarted(String label, String reason) {
    return label
        + ": "
        + reason
        + (reason.contains(": ") || reason.contains("; ")
            ? ""
            : "; downloading it again from the start");
  }
}
