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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
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
        protocol.clock(),
        0);
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

  /**
   * Runs two downloads of {@code url} at once, four connections each and slowed so that their
   * streams overlap, on an engine whose per-host cap is two, and asserts that both complete to
   * {@code sha256Hex} while no more than two range streams were open at a time. The cap is the
   * engine's to keep; a protocol proves here that it opens nothing the engine does not count.
   *
   * @param engines an engine over a fresh store, from a per-host cap and the provider to use
   */
  public static void assertHostCapHoldsAcrossDownloads(
      BiFunction<Integer, ProtocolProvider, Engine> engines,
      ProtocolProvider provider,
      String url,
      Path target,
      String sha256Hex)
      throws Exception {
    CountingProvider counting = new CountingProvider(provider);
    long limit = 4L * 1024 * 1024;
    Path first = Files.createDirectories(target.resolve("first"));
    Path second = Files.createDirectories(target.resolve("second"));
    try (Engine engine = engines.apply(2, counting)) {
      Download one = engine.start(request(url, first, 4, limit, false));
      Download two = engine.start(request(url, second, 4, limit, false));

      assertCompleted(outcome(one), sha256Hex);
      assertCompleted(outcome(two), sha256Hex);
      assertThat(counting.peakOpenStreams()).isBetween(1, 2);
    }
  }
}
