package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.core.store.JobRecord;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small download ends as soon as its bytes are in: nothing at its end waits for a periodic tick
 * (checkpoint interval, progress sampler, hasher), and a wrong checksum is reported at once, without a
 * retry or a backoff. The checkpoint interval here is ten seconds, so a wait for it would show.
 */
class SmallDownloadTest {

  private static final Duration PROMPT = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void aTinyFileCompletesWithoutWaitingForTheCheckpointInterval() throws Exception {
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), slowTicks())) {
      var served = h.protocol.serve("tiny.bin", 1_000, 80);
      h.run(h.request("tiny.bin"));
      var again = h.protocol.serve("tiny2.bin", 1_000, 81);
      long started = System.nanoTime();

      DownloadOutcome outcome = h.run(h.request("tiny2.bin"));

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPT);
      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("tiny2.bin"))).isEqualTo(again.content());
      assertThat(Files.readAllBytes(dir.resolve("tiny.bin"))).isEqualTo(served.content());
      assertThat(h.job(h.request("tiny2.bin")).state()).isEqualTo(DownloadState.COMPLETE);
    }
  }

  @Test
  void aFileThatFitsOneCheckpointIntervalTakesNoCheckpoint() throws Exception {
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), slowTicks())) {
      var served = h.protocol.serve("small.bin", 60_000, 84);
      List<String> checkpoints = new CopyOnWriteArrayList<>();
      h.store.onCheckpoint((id, ranges) -> checkpoints.add(ranges.toString()));

      DownloadOutcome outcome = h.run(h.request("small.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(checkpoints).as("the completion record replaces any checkpoint").isEmpty();
      assertThat(Files.readAllBytes(dir.resolve("small.bin"))).isEqualTo(served.content());
      JobRecord job = h.job(h.request("small.bin"));
      assertThat(job.state()).isEqualTo(DownloadState.COMPLETE);
      assertThat(job.completed().coveredBytes()).isEqualTo(60_000);
    }
  }

  @Test
  void aChecksumMismatchOnASmallFileIsReportedAtOnceWithoutARetry() {
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), slowTicks())) {
      h.protocol.serve("warm.bin", 1_000, 82);
      h.run(h.request("warm.bin"));
      var served = h.protocol.serve("wrong.bin", 68_000, 83);
      DownloadRequest plain = h.request("wrong.bin");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 0, 0,
          Optional.of(ContentDigest.parse("sha-256=" + "00".repeat(32))), List.of(), false, false);
      long started = System.nanoTime();

      DownloadOutcome outcome = h.run(request);

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(PROMPT);
      assertThat(outcome).isInstanceOfSatisfying(DownloadOutcome.Failed.class,
          failed -> assertThat(failed.kind()).isEqualTo(ErrorKind.CHECKSUM_MISMATCH));
      assertThat(h.events(DownloadEvent.Retrying.class)).isEmpty();
      assertThat(served.servedBytes.get()).as("every byte fetched once, no retry").isEqualTo(68_000);
      assertThat(served.probes.get()).isEqualTo(1);
    }
  }

  /**
   * A ten-second checkpoint interval: a download that waited for it would take ten seconds. Every
   * 64 KiB a connection writes still asks for a checkpoint.
   */
  private static EngineConfig slowTicks() {
    EngineConfig base = EngineHarness.config();
    return new EngineConfig(base.protocol(), base.maxConnectionsPerDownload(), base.minSegmentBytes(),
        Duration.ofSeconds(10), base.checkpointBytesPerConnection(), base.retry(), base.lowSpeedBytesPerSecond(),
        base.lowSpeedTime(), base.globalLimitBytesPerSecond(), base.clock(), 0);
  }
}
