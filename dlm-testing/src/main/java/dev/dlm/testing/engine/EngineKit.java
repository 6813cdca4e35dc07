package dev.dlm.testing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.Engine;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.ProtocolRegistry;
import dev.dlm.core.RetryPolicy;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.store.JobStore;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs downloads through the real engine in a protocol module's tests. Every protocol proves
 * segmenting, resume and the per-host cap through the same engine, built the same way (small
 * segments, fast retries), so a difference between two protocols' results is the protocols', not
 * their test set-ups'.
 */
public final class EngineKit {

  /** How long a test waits for a download's outcome before it fails. */
  public static final Duration OUTCOME_WAIT = Duration.ofSeconds(60);

  private EngineKit() {}

  /** 8 connections at most, 64 KiB segments, checkpoints every 50 ms, retries within 50 ms. */
  public static EngineConfig config(ProtocolContext protocol) {
    return new EngineConfig(
        protocol,
        8,
        64 * 1024,
        Duration.ofMillis(50),
        256 * 1024,
        new RetryPolicy(8, Duration.ofMillis(5), Duration.ofMillis(50)),
        0,
        Duration.ofSeconds(60),
        0,
        protocol.clock());
  }

  /** An engine over {@code store} that knows only {@code providers}. */
  public static Engine engine(
      ProtocolContext protocol, JobStore store, ProtocolProvider... providers) {
    return new Engine(
        config(protocol), store, ProtocolRegistry.of(protocol, List.of(providers)));
  }

  /** A request for one URL into {@code directory}, with no checksum, headers or overwrite. */
  public static DownloadRequest request(
      String url,
      Path directory,
      int connections,
      long limitBytesPerSecond,
      boolean recursive) {
    return new DownloadRequest(
        List.of(URI.create(url)),
        directory,
        Optional.empty(),
        connections,
        limitBytesPerSecond,
        Optional.empty(),
        List.of(),
        false,
        recursive);
  }

  /** Waits up to {@link #OUTCOME_WAIT} for how {@code download} ended. */
  public static DownloadOutcome outcome(Download download) throws Exception {
    return download.outcome().get(OUTCOME_WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  /** Asserts that {@code outcome} completed one file whose SHA-256 is {@code sha256Hex}. */
  public static void assertCompleted(DownloadOutcome outcome, String sha256Hex) {
    assertThat(outcome)
        .isInstanceOfSatisfying(
            DownloadOutcome.Completed.class,
            done -> assertThat(done.sha256Hex()).containsExactly(sha256Hex));
  }

  /**
   * Starts {@code limited} on one engine, stops it once more than 500,000 bytes are done, then
   * runs {@code unlimited} (the same file) on a second engine over the same store, and asserts that
   * the second run completed to {@code sha256Hex} and was planned with bytes resumed.
   */
  public static void assertStopsAndResumes(
      Supplier<Engine> engines,
      DownloadRequest limited,
      DownloadRequest unlimited,
      String sha256Hex)
      throws Exception {
    try (Engine engine = engines.get()) {
      Download first = engine.start(limited);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> first.snapshot().completedBytes() > 500_000);
      first.stop();
      assertThat(outcome(first)).isInstanceOf(DownloadOutcome.Stopped.class);
    }
    List<DownloadEvent.Planned> plans = new CopyOnWriteArrayList<>();
    try (Engine engine = engines.get()) {
      engine
          .events()
          .subscribe(
              e -> {
                if (e instanceof DownloadEvent.Planned planned) {
                  plans.add(planned);
                }
              });
      DownloadOutcome outcome = outcome(engine.start(unlimited));

      assertCompleted(outcome, sha256Hex);
      await().atMost(Duration.ofSeconds(5)).until(() -> !plans.isEmpty());
      assertThat(plans.getFirst().resumedBytes()).isGreaterThan(0);
    }
  }
}
