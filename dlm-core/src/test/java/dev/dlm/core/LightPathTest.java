package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.PartOpener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file that one connection fetches whole and that fits one checkpoint's worth of bytes (64 KiB in
 * the harness) takes the light path: no checkpointer or hasher thread, digests fed from the written
 * bytes. It must still produce the right bytes and SHA-256 under every fault, checkpoint only forced
 * bytes, resume after a stop, and report progress.
 */
class LightPathTest {

  private static final int SMALL = 60_000;

  @TempDir Path dir;

  @Test
  void aSmallFileIsHashedFromItsWrittenBytesWithoutReadingTheFileBack() throws Exception {
    ReadCountingOpener opener = new ReadCountingOpener();
    try (EngineHarness h = new EngineHarness(dir, opener, EngineHarness.config())) {
      var served = h.protocol.serve("light.bin", SMALL, 101);

      DownloadOutcome outcome = h.run(h.request("light.bin"));

      assertCompleted(outcome, served.content());
      assertThat(Files.readAllBytes(dir.resolve("light.bin"))).isEqualTo(served.content());
      assertThat(opener.readBytes.get()).as("nothing read back to hash").isZero();
      assertThat(h.job(h.request("light.bin")).state()).isEqualTo(DownloadState.COMPLETE);
    }
  }

  @Test
  void aLargerFileOnOneConnectionIsHashedFromItsWrittenBytesToo() throws Exception {
    ReadCountingOpener opener = new ReadCountingOpener();
    try (EngineHarness h = new EngineHarness(dir, opener, EngineHarness.config())) {
      var served = h.protocol.serve("full.bin", 300_000, 102);

      assertCompleted(h.run(h.request("full.bin", 1)), served.content());
      assertThat(opener.readBytes.get()).as("nothing read back to hash").isZero();
    }
  }

  @Test
  void bytesWrittenAheadOfTheHashedPrefixAreReadBackAndNoByteTwice() throws Exception {
    ReadCountingOpener opener = new ReadCountingOpener();
    try (EngineHarness h = new EngineHarness(dir, opener, EngineHarness.config())) {
      var served = h.protocol.serve("ahead.bin", 300_000, 105);
      served.slowFromByte = 0;
      served.slowNanosPerKiB = Duration.ofMillis(1).toNanos();

      assertCompleted(h.run(h.request("ahead.bin", 4)), served.content());
      assertThat(opener.readBytes.get())
          .as("the later parts' bytes, written before the first part's, were read back")
          .isPositive()
          .isLessThanOrEqualTo(300_000);
    }
  }

  @Test
  void aDroppedConnectionResumesAtItsOffsetAndTheDigestStillCoversEveryByteOnce() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("dropped.bin", SMALL, 103);
      served.dropAfterBytes = 7_000;

      DownloadOutcome outcome = h.run(h.request("dropped.bin"));

      assertCompleted(outcome, served.content());
      assertThat(h.events(DownloadEvent.Retrying.class)).isNotEmpty();
      assertThat(served.opened).hasSizeGreaterThan(2)
          .allSatisfy(range -> assertThat(range.startByte() % 7_000).isZero());
    }
  }

  @Test
  void aServerThatIgnoresTheRangeFallsBackToOneStreamFromTheFirstByte() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("ignored.bin", SMALL, 104);
      served.ignoreRanges = true;

      assertCompleted(h.run(h.request("ignored.bin")), served.content());
    }
  }

  @Test
  void aServerThatDropsTheResponseAndThenFailsEndsFailedWithOnlyTheWrittenBytesRecorded() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("broken.bin", SMALL, 105);
      served.dropAfterBytes = 20_000;
      served.failOpensAfter = 1;

      DownloadOutcome outcome = h.run(h.request("broken.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      RangeSet recorded = h.job(h.request("broken.bin")).completed();
      assertThat(recorded).isEqualTo(RangeSet.of(0, 20_000));
      assertThat(EngineHarness.matches(dir.resolve("broken.bin.part"), recorded, served.content())).isTrue();
      assertThat(Files.exists(dir.resolve("broken.bin"))).isFalse();
    }
  }

  @Test
  void aStoppedSmallDownloadRecordsOnlyForcedBytesAndTheRerunFetchesTheRest() throws Exception {
    ForceTrackingOpener tracking = new ForceTrackingOpener();
    try (EngineHarness h = new EngineHarness(dir, tracking, EngineHarness.config())) {
      var served = h.protocol.serve("stopped.bin", SMALL, 106);
      served.limitBudget(25_000);
      List<String> violations = new CopyOnWriteArrayList<>();
      h.store.onCheckpoint((id, ranges) -> {
        if (!ranges.isEmpty() && !tracking.forced().covers(ranges.start(0), ranges.end(ranges.rangeCount() - 1))) {
          violations.add(ranges + " not within forced " + tracking.forced());
        }
      });
      Download first = h.engine.start(h.request("stopped.bin"));
      await().atMost(Duration.ofSeconds(10)).until(() -> first.snapshot().completedBytes() >= 25_000);
      first.stop();
      assertThat(EngineHarness.await(first)).isInstanceOf(DownloadOutcome.Stopped.class);
      RangeSet durable = h.job(h.request("stopped.bin")).completed();
      assertThat(durable).isEqualTo(RangeSet.of(0, 25_000));
      assertThat(EngineHarness.matches(dir.resolve("stopped.bin.part"), durable, served.content())).isTrue();

      served.unlimitBudget();
      long before = served.servedBytes.get();
      DownloadOutcome second = h.run(h.request("stopped.bin"));

      assertCompleted(second, served.content());
      assertThat(served.servedBytes.get() - before).isEqualTo(SMALL - 25_000);
      assertThat(h.events(DownloadEvent.Planned.class)).last()
          .satisfies(p -> assertThat(p.resumedBytes()).isEqualTo(25_000));
      assertThat(violations).isEmpty();
    }
  }

  @Test
  void aSlowSmallFileCheckpointsOnTheIntervalOnlyBytesAlreadyForced() throws Exception {
    ForceTrackingOpener tracking = new ForceTrackingOpener();
    try (EngineHarness h = new EngineHarness(dir, tracking, EngineHarness.config())) {
      var served = h.protocol.serve("slow.bin", SMALL, 107);
      served.slowFromByte = 0;
      served.slowNanosPerKiB = Duration.ofMillis(5).toNanos();
      List<RangeSet> seen = new CopyOnWriteArrayList<>();
      List<String> violations = new CopyOnWriteArrayList<>();
      h.store.onCheckpoint((id, ranges) -> {
        seen.add(ranges);
        if (!tracking.forced().covers(0, ranges.end(0))) {
          violations.add(ranges + " not within forced " + tracking.forced());
        }
      });

      assertCompleted(h.run(h.request("slow.bin")), served.content());

      assertThat(seen).as("checkpoints every 20 ms of a ~0.3 s download").isNotEmpty();
      assertThat(violations).isEmpty();
    }
  }

  @Test
  void aSlowSmallFileReportsProgressAndNothingAfterItFinished() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("watched.bin", SMALL, 108);
      served.slowFromByte = 0;
      served.slowNanosPerKiB = Duration.ofMillis(10).toNanos();

      DownloadOutcome outcome = h.run(h.request("watched.bin"));

      assertCompleted(outcome, served.content());
      await().atMost(Duration.ofSeconds(5)).until(() -> !h.events(DownloadEvent.Finished.class).isEmpty());
      List<DownloadEvent> events = List.copyOf(h.events);
      List<DownloadEvent.Progress> progress = h.events(DownloadEvent.Progress.class);
      assertThat(progress).as("a 0.6 s download is sampled").isNotEmpty();
      assertThat(progress).anySatisfy(p -> {
        assertThat(p.snapshot().completedBytes()).isPositive();
        assertThat(p.snapshot().parts()).isNotEmpty();
      });
      assertThat(events.getLast()).isInstanceOf(DownloadEvent.Finished.class);
      assertThat(events).filteredOn(DownloadEvent.Planned.class::isInstance).hasSize(1);
    }
  }

  private static void assertCompleted(DownloadOutcome outcome, byte[] content) throws Exception {
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    assertThat(outcome).isInstanceOfSatisfying(DownloadOutcome.Completed.class,
        done -> assertThat(done.sha256Hex()).containsExactly(sha256));
  }

  /** Real part files that count the bytes read back from them. */
  private static final class ReadCountingOpener implements PartOpener {
    final AtomicLong readBytes = new AtomicLong();

    @Override
    public PartChannel open(Path partFile) throws IOException {
      PartChannel inner = PartOpener.files().open(partFile);
      return new ForwardingPartChannel(inner) {
        @Override
        public int read(ByteBuffer target, long positionBytes) throws IOException {
          int n = super.read(target, positionBytes);
          readBytes.addAndGet(Math.max(0, n));
          return n;
        }
      };
    }
  }
}
