package dev.dlm.protocol.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadBudgetTest {

  static final long MiB = 1024 * 1024;

  @Test
  void aLoneReadGetsThePerReadCap() {
    ReadBudget budget = new ReadBudget(32 * MiB, 8 * MiB);
    budget.enter();

    assertThat(budget.shareBytes(64 * 1024)).isEqualTo(8 * MiB);
  }

  @Test
  void manyReadsShareTheTotalAndGetItBackAsTheyLeave() {
    ReadBudget budget = new ReadBudget(32 * MiB, 8 * MiB);
    for (int i = 0; i < 16; i++) {
      budget.enter();
    }
    long crowded = budget.shareBytes(64 * 1024);
    for (int i = 0; i < 14; i++) {
      budget.leave();
    }

    assertThat(crowded).isEqualTo(2 * MiB);
    assertThat(budget.shareBytes(64 * 1024)).isEqualTo(8 * MiB);
  }

  @Test
  void aShareNeverFallsBelowTheFloor() {
    ReadBudget budget = new ReadBudget(32 * MiB, 8 * MiB);
    for (int i = 0; i < 1000; i++) {
      budget.enter();
    }

    assertThat(budget.shareBytes(510 * 1024)).isEqualTo(510 * 1024);
  }
}
