package dev.dlm.cli.progress;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadSnapshot.Part;
import dev.dlm.core.DownloadSnapshot.PartState;
import java.util.List;
import java.util.Locale;

/**
 * Draws one download as one terminal line: its name, a bar in which every part of the plan is a
 * block of columns coloured by its state (green done, cyan active, grey pending, red failed; the
 * written share of each part solid, the rest shaded), then percent, bytes, speed, ETA and
 * connections. A pure function of the snapshot and the width, so tests compare exact strings.
 *
 * <p>Each column stands for an equal share of the file and takes the part under its middle byte, so
 * the blocks scale to any width; a part narrower than a column may not show. The line never reaches
 * the last column, so the terminal never wraps it and the in-place redraw stays aligned.
 */
public final class BarLine {

  static final String RESET = "\u001b[0m";
  static final String GREEN = "\u001b[32m";
  static final String CYAN = "\u001b[36m";
  static final String GREY = "\u001b[90m";
  static final String RED = "\u001b[31m";

  private static final int MIN_BAR_COLUMNS = 10;

  private final boolean colour;
  private final boolean unicode;

  public BarLine(boolean colour, boolean unicode) {
    this.colour = colour;
    this.unicode = unicode;
  }

  /**
   * The line for {@code snapshot}, at most {@code width - 1} visible columns.
   *
   * @param label the download's name, already cut to {@code labelColumns}
   * @param labelColumns the width of the name column (names are padded to it, so bars align)
   */
  public String render(String label, int labelColumns, DownloadSnapshot snapshot, int width) {
    String name = fit(label, labelColumns);
    String stats = stats(snapshot);
    int barColumns = width - 1 - name.length() - stats.length() - 2;
    StringBuilder line = new StringBuilder(name).append(' ');
    if (snapshot.totalBytes() > 0 && barColumns >= MIN_BAR_COLUMNS) {
      bar(line, snapshot, barColumns);
      line.append(' ');
    }
    line.append(stats);
    return visibleFit(line.toString(), width - 1);
  }

  /** {@code  45% 450.0 MiB/1.0 GiB 12.3 MiB/s ETA 0:45 8 conn}. */
  String stats(DownloadSnapshot s) {
    StringBuilder out = new StringBuilder();
    if (s.totalBytes() >= 0) {
      out.append(
          String.format(Locale.ROOT, "%3d%% ", Units.percent(s.completedBytes(), s.totalBytes())));
      out.append(Units.bytes(s.completedBytes())).append('/').append(Units.bytes(s.totalBytes()));
    } else {
      out.append(Units.bytes(s.completedBytes()));
    }
    out.append(' ').append(Units.rate(s.speedBytesPerSecond()));
    out.append(" ETA ").append(s.eta().map(Units::clock).orElse("--:--"));
    out.append(' ').append(s.connections()).append(" conn");
    return out.toString();
  }

  private void bar(StringBuilder line, DownloadSnapshot s, int columns) {
    List<Part> parts =
        s.parts().isEmpty()
            ? List.of(new Part(0, s.totalBytes(), s.completedBytes(), implied(s)))
            : s.parts();
    double bytesPerColumn = (double) s.totalBytes() / columns;
    String open = null;
    int partIndex = 0;
    for (int column = 0; column < columns; column++) {
      double middle = (column + 0.5) * bytesPerColumn;
      while (partIndex < parts.size() - 1 && middle >= parts.get(partIndex).endByte()) {
        partIndex++;
      }
      Part part = parts.get(partIndex);
      boolean written = middle < part.startByte() + part.completedBytes();
      if (colour) {
        String code = colour(part.state());
        if (!code.equals(open)) {
          line.append(code);
          open = code;
        }
        line.append(written ? glyph('█', '#') : glyph('░', '-'));
      } else {
        line.append(plainGlyph(part.state(), written));
      }
    }
    if (open != null) {
      line.append(RESET);
    }
  }

  private static PartState implied(DownloadSnapshot s) {
    return s.completedBytes() >= s.totalBytes() ? PartState.DONE : PartState.ACTIVE;
  }

  private static String colour(PartState state) {
    return switch (state) {
      case DONE -> GREEN;
      case ACTIVE -> CYAN;
      case PENDING -> GREY;
      case FAILED -> RED;
    };
  }

  /** Without colour the state shows in the glyph: written, active, pending, failed. */
  private char plainGlyph(PartState state, boolean written) {
    if (state == PartState.FAILED) {
      return glyph('✗', 'x');
    }
    if (written) {
      return glyph('█', '#');
    }
    return state == PartState.ACTIVE ? glyph('▒', '=') : glyph('░', '-');
  }

  private char glyph(char fancy, char ascii) {
    return unicode ? fancy : ascii;
  }

  /** {@code text} cut or padded to exactly {@code columns} characters. */
  private String fit(String text, int columns) {
    if (text.length() <= columns) {
      return text + " ".repeat(columns - text.length());
    }
    return text.substring(0, Math.max(0, columns - 1)) + glyph('…', '~');
  }

  /** Cuts {@code line} to {@code columns} visible characters, skipping ANSI escapes. */
  static String visibleFit(String line, int columns) {
    int visible = 0;
    int i = 0;
    boolean escaped = false;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '\u001b') {
        int end = line.indexOf('m', i);
        i = end < 0 ? line.length() : end + 1;
        escaped = true;
        continue;
      }
      if (visible == columns) {
        return line.substring(0, i) + (escaped ? RESET : "");
      }
      visible++;
      i++;
    }
    return line;
  }
}
