package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.spi.ByteRange;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeTest {

  private static final int LENGTH = 1 << 20;

  @TempDir Path dir;

  @Test
  void stopThenStartFetchesOnlyTheMissingRanges() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("resume.bin", LENGTH, 10);
      served.limitBudget(LENGTH / 2);
      DownloadRequest request = h.request("resume.bin");

      Download first = h.engine.start(request);
      await().atMost(Duration.ofSeconds(10)).until(() -> first.snapshot().completedBytes() >= LENGTH / 2);
      first.stop();
      DownloadOutcome stopped = EngineHarness.await(first);

      assertThat(stopped).isInstanceOf(DownloadOutcome.Stopped.class);
      RangeSet durable = h.job(request).completed();
      assertThat(durable.coveredBytes()).isEqualTo(LENGTH / 2);
      assertThat(((DownloadOutcome.Stopped) stopped).completedBytes()).isEqualTo(LENGTH / 2);
      assertThat(h.job(request).state()).isEqualTo(DownloadState.PAUSED);

      served.servedBytes.set(0);
      served.opened.clear();
      served.unlimitBudget();
      DownloadOutcome second = h.run(request);

      assertThat(second).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("resume.bin"))).isEqualTo(served.content());
      assertThat(((DownloadOutcome.Completed) second).sha256Hex()).as("the resumed prefix is hashed too")
          .containsExactly(java.util.HexFormat.of().formatHex(
              java.security.MessageDigest.getInstance("SHA-256").digest(served.content())));
      assertThat(served.servedBytes.get()).isEqualTo(LENGTH - durable.coveredBytes());
      for (ByteRange range : served.opened) {
        assertThat(durable.missing(LENGTH).covers(range.startByte(), range.endByte())).as("fetched again: %s", range).isTrue();
      }
      assertThat(h.events(DownloadEvent.Planned.class)).last()
          .satisfies(p -> assertThat(p.resumedBytes()).isEqualTo(LENGTH / 2));
    }
  }

  @Test
  void checkpointsNeverCoverBytesThatAreNotOnDisk() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("careful.bin", 2 << 20, 11);
      served.dropAfterBytes = 100_000;
      List<String> violations = new CopyOnWriteArrayList<>();
      List<RangeSet> seen = new CopyOnWriteArrayList<>();
      h.store.onCheckpoint((id, ranges) -> {
        seen.add(ranges);
        if (!EngineHarness.matches(dir.resolve("careful.bin.part"), ranges, served.content())) {
          violations.add(ranges.toString());
        }
      });

      assertThat(h.run(h.request("careful.bin"))).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(seen).as("intermediate checkpoints; a completed download takes no final one").isNotEmpty();
      assertThat(seen.getFirst().coveredBytes()).isLessThan(2 << 20);
      assertThat(violations).isEmpty();
    }
  }

  @Test
  void checkpointsRecordOnlyBytesWrittenBeforeTheLastForce() {
    ForceTrackingOpener tracking = new ForceTrackingOpener();
    try (EngineHarness h = new EngineHarness(dir, tracking, EngineHarness.config())) {
      var served = h.protocol.serve("forced.bin", 2 << 20, 19);
      served.dropAfterBytes = 70_000;
      List<String> violations = new CopyOnWriteArrayList<>();
      h.store.onCheckpoint((id, ranges) -> {
        for (int i = 0; i < ranges.rangeCount(); i++) {
          if (!tracking.forced().covers(ranges.start(i), ranges.end(i))) {
            violations.add(ranges + " not within forced " + tracking.forced());
          }
        }
      });

      assertThat(h.run(h.request("forced.bin"))).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(violations).isEmpty();
    }
  }

  @Test
  void aChangedRemoteFileStartsOverAndSaysWhy() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("changing.bin", LENGTH, 12);
      served.limitBudget(LENGTH / 4);
      DownloadRequest request = h.request("changing.bin");
      Download first = h.engine.start(request);
      await().atMost(Duration.ofSeconds(10)).until(() -> first.snapshot().completedBytes() >= LENGTH / 4);
      first.stop();
      assertThat(EngineHarness.await(first)).isInstanceOf(DownloadOutcome.Stopped.class);

      byte[] newer = BytesProtocol.generate(LENGTH + 1000, 13);
      served.change(newer, "\"v2\"");
      served.unlimitBudget();
      DownloadOutcome second = h.run(request);

      assertThat(second).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("changing.bin"))).isEqualTo(newer);
      assertThat(h.events(DownloadEvent.Restarted.class)).singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("ETag \"v1\" -> \"v2\"").contains("starting over"));
    }
  }

  @Test
  void aFileThatChangesMidRunRestartsOnce() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("moving.bin", LENGTH, 14);
      served.limitBudget(LENGTH / 4);
      Download download = h.engine.start(h.request("moving.bin"));
      await().atMost(Duration.ofSeconds(10)).until(() -> download.snapshot().completedBytes() >= LENGTH / 4);

      byte[] newer = BytesProtocol.generate(LENGTH, 15);
      served.change(newer, "\"v2\"");
      served.unlimitBudget();

      assertThat(EngineHarness.await(download)).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("moving.bin"))).isEqualTo(newer);
      assertThat(h.events(DownloadEvent.Restarted.class)).singleElement()
          .satisfies(r -> assertThat(r.reason()).contains("changed during the download"));
    }
  }

  @Test
  void anUnknownLengthResumesWithAnOpenEndedRange() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("growing.bin", LENGTH, 17);
      served.lengthKnown = false;
      DownloadRequest request = h.request("growing.bin");
      long durable = stopHalfway(h, served, request);

      served.servedBytes.set(0);
      served.opened.clear();
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(Files.readAllBytes(dir.resolve("growing.bin"))).isEqualTo(served.content());
      assertThat(served.opened).containsExactly(new ByteRange(durable, -1));
      assertThat(served.servedBytes.get()).isEqualTo(LENGTH - durable);
    }
  }

  @Test
  void withoutRangesARerunStartsFromTheFirstByte() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("whole.bin", LENGTH, 18);
      served.rangeable = false;
      DownloadRequest request = h.request("whole.bin");
      stopHalfway(h, served, request);

      served.servedBytes.set(0);
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(Files.readAllBytes(dir.resolve("whole.bin"))).isEqualTo(served.content());
      assertThat(served.servedBytes.get()).isEqualTo(LENGTH);
    }
  }

  private static long stopHalfway(EngineHarness h, BytesProtocol.Served served, DownloadRequest request) {
    served.limitBudget(LENGTH / 2);
    Download first = h.engine.start(request);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.snapshot().completedBytes() >= LENGTH / 2);
    first.stop();
    assertThat(EngineHarness.await(first)).isInstanceOf(DownloadOutcome.Stopped.class);
    served.unlimitBudget();
    long durable = h.job(request).completed().coveredBytes();
    assertThat(durable).isEqualTo(LENGTH / 2);
    return durable;
  }

  @Test
  void aCompletedJobRunAgainKeepsItsFileAndFetchesNothing() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("again.bin", 50_000, 16);
      DownloadRequest request = h.request("again.bin");
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);
      int opensAfterFirst = served.opens.get();

      DownloadOutcome second = h.run(request);

      DownloadOutcome.Completed kept = (DownloadOutcome.Completed) second;
      assertThat(kept.files()).containsExactly(dir.resolve("again.bin"));
      assertThat(kept.sha256Hex()).containsExactly(sha256Hex(served.content));
      assertThat(served.opens).as("no byte fetched again").hasValue(opensAfterFirst);
      try (var left = Files.list(dir)) {
        assertThat(left).containsExactly(dir.resolve("again.bin"));
      }
    }
  }

  @Test
  void aCompletedFileChangedSinceIsKeptAndTheDownloadMakesANewOne() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("edited.bin", 50_000, 17);
      DownloadRequest request = h.request("edited.bin");
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);
      Path first = dir.resolve("edited.bin");
      byte[] edited = Files.readAllBytes(first);
      edited[0] ^= 1;
      Files.write(first, edited);
      Files.setLastModifiedTime(first, FileTime.from(Instant.now().plusSeconds(60)));

      DownloadOutcome second = h.run(request);

      assertThat(((DownloadOutcome.Completed) second).files()).containsExactly(dir.resolve("edited (1).bin"));
      assertThat(Files.readAllBytes(dir.resolve("edited (1).bin"))).isEqualTo(served.content);
      assertThat(Files.readAllBytes(first)).as("the user's edit is kept").isEqualTo(edited);
    }
  }

  @Test
  void aCompletedJobWhoseRemoteFileChangedIsDownloadedAgain() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("moving.bin", 50_000, 18);
      DownloadRequest request = h.request("moving.bin");
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);
      served.content = BytesProtocol.generate(50_000, 19);
      served.etag = "\"v2\"";

      DownloadOutcome second = h.run(request);

      assertThat(((DownloadOutcome.Completed) second).files()).containsExactly(dir.resolve("moving (1).bin"));
      assertThat(Files.readAllBytes(dir.resolve("moving (1).bin"))).isEqualTo(served.content);
    }
  }

  private static String sha256Hex(byte[] content) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
  }
}
