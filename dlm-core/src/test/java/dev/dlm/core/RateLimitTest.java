package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {

  private static final int LENGTH = 1 << 20;
  private static final int RATE_BYTES_PER_SECOND = 1 << 20;

  @TempDir Path dir;

  /**
   * A lower bound on the elapsed time is what a loaded machine cannot make flaky. Paying for reads
   * after the fact let one full read per connection through unpaid: with 8 connections of 64 KiB
   * this finished about half a second early.
   */
  @Test
  void aDownloadsLimitHoldsFromTheFirstByteToTheLastOverSeveralConnections() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("limited.bin", 3 * LENGTH, 50);
      DownloadRequest request = limited(h.request("limited.bin", 8), RATE_BYTES_PER_SECOND);
      long started = System.nanoTime();

      DownloadOutcome outcome = h.run(request);

      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("limited.bin"))).isEqualTo(served.content());
      assertThat(served.opened).as("several connections").hasSizeGreaterThan(2);
      assertThat(seconds).as("3 MiB at 1 MiB/s").isBetween(3 * 0.95, 20.0);
    }
  }

  @Test
  void theTimeSpentProbingIsNotSavedUpIntoABurst() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("probed.bin", LENGTH, 54);
      served.probeDelay = Duration.ofMillis(400);
      DownloadRequest request = limited(h.request("probed.bin", 4), RATE_BYTES_PER_SECOND);
      long started = System.nanoTime();

      DownloadOutcome outcome = h.run(request);

      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(seconds).as("a 0.4 s probe, then 1 MiB at 1 MiB/s").isBetween(0.4 + 0.95, 20.0);
    }
  }

  @Test
  void theGlobalLimitHoldsAcrossDownloads() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("a.bin", 3 * LENGTH / 2, 52);
      h.protocol.serve("b.bin", 3 * LENGTH / 2, 53);
      h.engine.limitGlobalRate(RATE_BYTES_PER_SECOND);
      long started = System.nanoTime();

      Download a = h.engine.start(h.request("a.bin", 4));
      Download b = h.engine.start(h.request("b.bin", 4));

      assertThat(EngineHarness.await(a)).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(EngineHarness.await(b)).isInstanceOf(DownloadOutcome.Completed.class);
      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(seconds).as("3 MiB at 1 MiB/s in all").isBetween(3 * 0.95, 20.0);
    }
  }

  @Test
  void liftingTheLimitsWhileRunningTakesEffect() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("slow.bin", LENGTH, 51);
      DownloadRequest request = limited(h.request("slow.bin", 0), 10_000);
      h.engine.limitGlobalRate(20_000);
      Download download = h.engine.start(request);
      await().atMost(Duration.ofSeconds(5)).until(() -> download.snapshot().completedBytes() > 0);

      download.limitRate(0);
      h.engine.limitGlobalRate(0);

      await().atMost(Duration.ofSeconds(5)).until(() -> download.outcome().isDone());
      assertThat(download.outcome().join()).isInstanceOf(DownloadOutcome.Completed.class);
    }
  }

  private static DownloadRequest limited(DownloadRequest r, long bytesPerSecond) {
    return new DownloadRequest(r.sources(), r.directory(), Optional.empty(), r.maxConnections(), bytesPerSecond,
        Optional.empty(), List.of(), false, false);
  }
}
