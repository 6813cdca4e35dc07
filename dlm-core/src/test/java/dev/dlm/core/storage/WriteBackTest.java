package dev.dlm.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteBackTest {

  @TempDir Path dir;

  @Test
  void startsTheWriteBackOfAWrittenRangeOnLinuxAndLeavesTheBytesAlone() throws Exception {
    assumeThat(System.getProperty("os.name").toLowerCase(Locale.ROOT)).contains("linux");
    assertThat(WriteBack.available()).isTrue();
    Path file = dir.resolve("a.bin.part");
    byte[] bytes = new byte[1 << 20];
    Arrays.fill(bytes, (byte) 7);
    long before = WriteBack.startedRanges();

    try (PartChannel channel = PartOpener.files().open(file)) {
      channel.write(ByteBuffer.wrap(bytes), 0);
      channel.startWriteBack(0, bytes.length);
      await().atMost(Duration.ofSeconds(10)).until(() -> WriteBack.startedRanges() > before);
    }

    assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
  }

  @Test
  void aFileItCannotOpenMakesItANoOp() throws Exception {
    WriteBack missing = WriteBack.of(dir.resolve("gone").resolve("never.part"));
    long before = WriteBack.startedRanges();

    missing.start(0, 1 << 20);
    missing.start(1 << 20, 1 << 20);
    missing.close();
    Path file = dir.resolve("after.bin.part");
    try (PartChannel channel = PartOpener.files().open(file)) {
      channel.write(ByteBuffer.wrap(new byte[4096]), 0);
      channel.startWriteBack(0, 4096);
      if (WriteBack.available()) {
        await().atMost(Duration.ofSeconds(10)).until(() -> WriteBack.startedRanges() > before);
      }
    }

    assertThat(WriteBack.startedRanges() - before).as("only the file that exists was written back").isLessThanOrEqualTo(1);
  }
}
