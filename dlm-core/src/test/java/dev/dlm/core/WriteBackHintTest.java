package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.PartOpener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early write-back is asked for only once a checkpoint found the disk behind (a force slower than
 * 100 ms), and only for windows that connections wrote. The disk here is made slow by a force that
 * takes 150 ms; the download is rate-limited so that it outlives a few such forces.
 */
class WriteBackHintTest {

  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void hintsStartOnlyAfterASlowForceAndCoverWrittenWindows() throws Exception {
    SlowDisk disk = new SlowDisk();
    try (EngineHarness h = new EngineHarness(dir, disk, EngineHarness.config())) {
      var served = h.protocol.serve("slow-disk.bin", 48 * MIB, 95);
      DownloadRequest plain = h.request("slow-disk.bin", 2);
      DownloadRequest limited = new DownloadRequest(plain.sources(), dir, plain.fileName(), 2, 40L * MIB,
          plain.checksum(), plain.headers(), false, false);

      assertThat(h.run(limited)).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(Files.readAllBytes(dir.resolve("slow-disk.bin"))).isEqualTo(served.content());
      assertThat(disk.hints).isNotEmpty();
      for (Hint hint : disk.hints) {
        assertThat(hint.atNanos()).as("a hint before any force was seen slow").isGreaterThan(disk.firstSlowForceEndedNanos);
        assertThat(hint.lengthBytes()).isGreaterThanOrEqualTo(8L * MIB);
        assertThat(hint.positionBytes() + hint.lengthBytes()).isLessThanOrEqualTo(48L * MIB);
      }
    }
  }

  private record Hint(long positionBytes, long lengthBytes, long atNanos) {}

  /** Real part files whose force takes 150 ms, recording the write-back hints. */
  private static final class SlowDisk implements PartOpener {

    final List<Hint> hints = new CopyOnWriteArrayList<>();
    volatile long firstSlowForceEndedNanos = Long.MAX_VALUE;

    @Override
    public PartChannel open(Path partFile) throws IOException {
      PartChannel inner = PartOpener.files().open(partFile);
      return new PartChannel() {
        @Override
        public void write(ByteBuffer source, long positionBytes) throws IOException {
          inner.write(source, positionBytes);
        }

        @Override
        public int read(ByteBuffer target, long positionBytes) throws IOException {
          return inner.read(target, positionBytes);
        }

        @Override
        public void force() throws IOException {
          long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
          while (System.nanoTime() < until) {
            LockSupport.parkNanos(until - System.nanoTime());
          }
          inner.force();
          if (firstSlowForceEndedNanos == Long.MAX_VALUE) {
            firstSlowForceEndedNanos = System.nanoTime();
          }
        }

        @Override
        public void startWriteBack(long positionBytes, long lengthBytes) {
          hints.add(new Hint(positionBytes, lengthBytes, System.nanoTime()));
          inner.startWriteBack(positionBytes, lengthBytes);
        }

        @Override
        public long sizeBytes() throws IOException {
          return inner.sizeBytes();
        }

        @Override
        public void resize(long lengthBytes) throws IOException {
          inner.resize(lengthBytes);
        }

        @Override
        public void close() throws IOException {
          inner.close();
        }
      };
    }
  }
}
