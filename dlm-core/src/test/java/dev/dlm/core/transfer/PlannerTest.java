package dev.dlm.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dlm.core.segment.RangeSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {

  private static final long MiB = 1L << 20;

  @Test
  void aLargeFileIsCutIntoPartsOfAtMostEightMiBInFileOrder() {
    List<Part> parts = Planner.parts(RangeSet.of(0, 1024 * MiB), 16, MiB);

    assertThat(parts).hasSize(128).allSatisfy(p -> assertThat(p.endByte() - p.startByte()).isEqualTo(8 * MiB));
    for (int i = 1; i < parts.size(); i++) {
      assertThat(parts.get(i).startByte()).isEqualTo(parts.get(i - 1).endByte());
    }
  }

  @Test
  void aFileOfAFewPartsGetsOnePerConnection() {
    List<Part> parts = Planner.parts(RangeSet.of(0, 32 * MiB), 8, MiB);

    assertThat(parts).hasSize(8).allSatisfy(p -> assertThat(p.endByte() - p.startByte()).isEqualTo(4 * MiB));
  }

  @Test
  void oneConnectionGetsOnePartPerMissingRange() {
    RangeSet missing = RangeSet.of(0, 20 * MiB).add(30 * MiB, 1024 * MiB);

    List<Part> parts = Planner.parts(missing, 1, MiB);

    assertThat(parts).extracting(Part::startByte, Part::endByte)
        .containsExactly(tuple(0L, 20 * MiB), tuple(30 * MiB, 1024 * MiB));
  }

  @Test
  void partsCoverEveryMissingRangeAndNoneIsBelowTheMinimum() {
    RangeSet missing = RangeSet.of(0, 20 * MiB).add(30 * MiB, 30 * MiB + MiB + 5);
    List<Part> parts = Planner.parts(missing, 4, MiB);

    RangeSet covered = RangeSet.empty();
    for (Part p : parts) {
      assertThat(p.endByte() - p.startByte()).isGreaterThanOrEqualTo(MiB).isLessThanOrEqualTo(Planner.MAX_PART_BYTES);
      covered = covered.add(p.startByte(), p.endByte());
    }
    assertThat(covered.coveredBytes()).isEqualTo(missing.coveredBytes());
  }
}
