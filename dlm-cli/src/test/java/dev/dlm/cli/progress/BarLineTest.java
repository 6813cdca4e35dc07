package dev.dlm.cli.progress;

import static dev.dlm.cli.progress.BarLine.CYAN;
import static dev.dlm.cli.progress.BarLine.GREEN;
import static dev.dlm.cli.progress.BarLine.GREY;
import static dev.dlm.cli.progress.BarLine.RED;
import static dev.dlm.cli.progress.BarLine.RESET;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadSnapshot.Part;
import dev.dlm.core.DownloadSnapshot.PartState;
import dev.dlm.core.DownloadState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BarLineTest {

  /** 1000 bytes in four parts: done, active (100 of 250), pending, failed (100 of 250). */
  static DownloadSnapshot fourParts() {
    return new DownloadSnapshot(
        "j1",
        DownloadState.ACTIVE,
        Optional.empty(),
        1000,
        450,
        2048,
        Optional.of(Duration.ofSeconds(45)),
        2,
        List.of(
            new Part(0, 250, 250, PartState.DONE),
            new Part(250, 500, 100, PartState.ACTIVE),
            new Part(500, 750, 0, PartState.PENDING),
            new Part(750, 1000, 100, PartState.FAILED)),
        Optional.empty());
  }

  private static final String STATS = " 45% 450 B/1000 B 2.0 KiB/s ETA 0:45 2 conn";

  @Test
  void eachPartIsABlockColouredByItsStateWithItsWrittenShareSolid() {
    String line = new BarLine(true, true).render("file.iso", 8, fourParts(), 74);

    assertThat(line)
        .isEqualTo(
            "file.iso "
                + GREEN + "█████"
                + CYAN + "██░░░"
                + GREY + "░░░░░"
                + RED + "██░░░"
                + RESET + " " + STATS);
  }

  @Test
  void withoutColourTheGlyphsTellTheStatesApart() {
    String line = new BarLine(false, false).render("file.iso", 8, fourParts(), 74);

    assertThat(line).isEqualTo("file.iso " + "#####" + "##===" + "-----" + "xxxxx" + " " + STATS);
  }

  @Test
  void blocksScaleToTheWidth() {
    String line = new BarLine(false, false).render("file.iso", 8, fourParts(), 94);

    assertThat(line)
        .isEqualTo(
            "file.iso " + "##########" + "####======" + "----------" + "xxxxxxxxxx" + " " + STATS);
  }

  @Test
  void theLineNeverReachesTheLastColumn() {
    for (int width = 20; width < 120; width++) {
      String visible =
          new BarLine(true, true)
              .render("file.iso", 8, fourParts(), width)
              .replaceAll("\u001b\\[[0-9;]*m", "");
      assertThat(visible.length()).isLessThan(width);
    }
  }

  @Test
  void aNarrowTerminalDropsTheBarBeforeTheNumbers() {
    String line = new BarLine(true, true).render("file.iso", 8, fourParts(), 60);

    assertThat(line).isEqualTo("file.iso " + STATS);
  }

  @Test
  void anUnknownSizeShowsBytesWithoutBarOrPercent() {
    DownloadSnapshot stream =
        new DownloadSnapshot(
            "j2", DownloadState.ACTIVE, Optional.empty(), -1, 5 << 20, 1 << 20, Optional.empty(), 1,
            List.of(), Optional.empty());

    String line = new BarLine(true, true).render("stream", 6, stream, 100);

    assertThat(line).isEqualTo("stream 5.0 MiB 1.0 MiB/s ETA --:-- 1 conn");
  }

  @Test
  void aPlanWithoutPartsIsOneBlock() {
    DownloadSnapshot single =
        new DownloadSnapshot(
            "j3", DownloadState.ACTIVE, Optional.empty(), 1000, 500, 0, Optional.empty(), 1,
            List.of(), Optional.empty());

    String line = new BarLine(true, true).render("f", 1, single, 54);

    assertThat(line)
        .isEqualTo("f " + CYAN + "█████░░░░░" + RESET + "  50% 500 B/1000 B 0 B/s ETA --:-- 1 conn");
  }

  @Test
  void longNamesAreCutToTheirColumn() {
    String line =
        new BarLine(false, true).render("a-very-long-file-name.iso", 8, fourParts(), 60);

    assertThat(line).startsWith("a-very-… ");
  }
}
