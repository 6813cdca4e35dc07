package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RateLimitTest {

  private static final int LENGTH = 1 << 20;

  @TempDir Path dir;

  @Test
  void aDownloadsLimitRoughlyHolds() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("limited.bin", LENGTH, 50);
      DownloadRequest plain = h.request("limited.bin");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 4, LENGTH, Optional.empty(), List.of(), false, false);
      long started = System.nanoTime();

      DownloadOutcome outcome = h.run(request);

      double seconds = (System.nanoTime() - started) / 1e9;
      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(seconds).as("1 MiB at 1 MiB/s").isBetween(0.85, 6.0);
    }
  }

  @Test
  void liftingTheLimitsWhileRunningTakesEffect() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("slow.bin", LENGTH, 51);
      DownloadRequest plain = h.request("slow.bin");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 0, 10_000, Optional.empty(), List.of(), false, false);
      h.engine.limitGlobalRate(20_000);
      Download download = h.engine.start(request);
      await().atMost(Duration.ofSeconds(5)).until(() -> download.snapshot().completedBytes() > 0);

      download.limitRate(0);
      h.engine.limitGlobalRate(0);

      await().atMost(Duration.ofSeconds(5)).until(() -> download.outcome().isDone());
      assertThat(download.outcome().join()).isInstanceOf(DownloadOutcome.Completed.class);
    }
  }
}
