package dev.dlm.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.cli.CapturedShell;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarViewTest {

  private static final String HEX = "ef".repeat(32);

  @TempDir Path work;

  /** What a terminal would show: applies carriage returns, cursor-up and erase sequences. */
  static List<String> screen(String output) {
    List<String> rows = new java.util.ArrayList<>();
    rows.add("");
    int row = 0;
    int i = 0;
    while (i < output.length()) {
      char c = output.charAt(i);
      if (c == '\u001b') {
        int end = i + 2;
        while (!Character.isLetter(output.charAt(end))) {
          end++;
        }
        String arg = output.substring(i + 2, end);
        switch (output.charAt(end)) {
          case 'A' -> row -= Integer.parseInt(arg);
          case 'J' -> {
            while (rows.size() > row + 1) {
              rows.removeLast();
            }
            rows.set(row, "");
          }
          case 'K' -> rows.set(row, "");
          default -> {}
        }
        i = end + 1;
        continue;
      }
      if (c == '\n') {
        row++;
        if (rows.size() <= row) {
          rows.add("");
        }
      } else if (c == '\r') {
        // Column tracking is not needed: every line is rewritten whole.
      } else {
        rows.set(row, rows.get(row) + c);
      }
      i++;
    }
    return rows.stream().filter(r -> !r.isEmpty()).toList();
  }

  @Test
  void drawsOneLiveLinePerDownloadAndLeavesOnlyTheFinalLines() {
    MutableClock clock = new MutableClock();
    CapturedShell shell =
        new CapturedShell(work).clock(clock).terminal(TerminalScreen.fixed(74, false, false));
    ProgressView view = ProgressView.create(ProgressMode.BAR, shell.shell());
    Path target = work.resolve("file.iso");

    view.started("j1", URI.create("http://h/file.iso"), work);
    view.started("j2", URI.create("http://h/other.iso"), work);
    view.accept(new DownloadEvent.Planned("j1", target, 1000, 0, true));
    clock.advance(Duration.ofMillis(100));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));

    assertThat(screen(shell.out()))
        .containsExactly(
            new BarLine(false, false).render("file.iso", 9, BarLineTest.fourParts(), 74),
            new BarLine(false, false)
                .render("other.iso", 9, new Tracked("j2").snapshot, 74));

    view.finished(
        "j1", URI.create("http://h/file.iso"),
        new DownloadOutcome.Completed(List.of(target), 1000, List.of(HEX), Duration.ofSeconds(1)));
    view.finished("j2", URI.create("http://h/other.iso"), new DownloadOutcome.Stopped(0));
    view.close();

    assertThat(screen(shell.out()))
        .containsExactly("sha256 " + HEX + "  " + target, "other.iso: stopped at 0 B; the same command resumes");
  }
}
