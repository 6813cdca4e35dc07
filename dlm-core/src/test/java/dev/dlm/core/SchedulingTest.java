package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchedulingTest {

  private static final int LENGTH = 1 << 20;

  @TempDir Path dir;

  @Test
  void idleConnectionsStealTheTailOfASlowPart() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("tail.bin", LENGTH, 30);
      served.slowFromByte = 0;
      served.slowNanosPerKiB = TimeUnit.MILLISECONDS.toNanos(2);
      // Else, on a loaded machine, the other parts can end before the first part's stream opens,
      // and its thieves cut it before it is asked for.
      served.othersAwaitTheSlowOpen = true;

      DownloadOutcome outcome = h.run(h.request("tail.bin", 4));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("tail.bin"))).isEqualTo(served.content());
      long firstPartEnd = LENGTH / 4;
      List<ByteRange> stolen = served.opened.stream()
          .filter(r -> r.startByte() > 0 && r.startByte() < firstPartEnd)
          .toList();
      assertThat(stolen).as("ranges split off the slow first part").isNotEmpty();
      long slowBytes = served.opened.stream().filter(r -> r.startByte() == 0).findFirst().orElseThrow().lengthBytes();
      assertThat(slowBytes).isEqualTo(firstPartEnd);
      assertThat(served.servedBytes.get()).as("no byte served twice").isEqualTo(LENGTH);
    }
  }

  @Test
  void theServerRefusingConnectionsLowersTheConnectionCount() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("busy.bin", LENGTH, 31);
      served.transientFailures.set(3);
      served.failKind = ErrorKind.TOO_MANY_CONNECTIONS;

      DownloadOutcome outcome = h.run(h.request("busy.bin", 8));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("busy.bin"))).isEqualTo(served.content());
    }
  }

  @Test
  void mirrorsShareTheConnectionsAndABrokenOneIsDropped() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var primary = h.protocol.serve("a/same.bin", LENGTH, 32);
      var mirror = h.protocol.serve("b/same.bin", LENGTH, 32);
      var broken = h.protocol.serve("c/same.bin", LENGTH, 32);
      broken.failOpensAfter = 0;
      broken.failKind = ErrorKind.NOT_FOUND;
      DownloadRequest request = new DownloadRequest(
          List.of(BytesProtocol.uri("a/same.bin"), BytesProtocol.uri("b/same.bin"), BytesProtocol.uri("c/same.bin")),
          dir, Optional.empty(), 8, 0, Optional.empty(), List.of(), false, false);

      DownloadOutcome outcome = h.run(request);

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("same.bin"))).isEqualTo(primary.content());
      assertThat(primary.servedBytes.get()).isPositive();
      assertThat(mirror.servedBytes.get()).isPositive();
      assertThat(broken.servedBytes.get()).isZero();
      assertThat(primary.servedBytes.get() + mirror.servedBytes.get()).isEqualTo(LENGTH);
    }
  }

  @Test
  void progressIsPublishedWithPartStates() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("watched.bin", LENGTH, 33);
      served.limitBudget(LENGTH / 2);
      Download download = h.engine.start(h.request("watched.bin"));
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .until(() -> !h.events(DownloadEvent.Progress.class).isEmpty() && download.snapshot().completedBytes() >= LENGTH / 2);

      DownloadSnapshot snapshot = download.snapshot();
      assertThat(snapshot.state()).isEqualTo(DownloadState.ACTIVE);
      assertThat(snapshot.totalBytes()).isEqualTo(LENGTH);
      assertThat(snapshot.parts()).isNotEmpty();
      assertThat(snapshot.parts().stream().mapToLong(DownloadSnapshot.Part::completedBytes).sum()).isEqualTo(LENGTH / 2);
      assertThat(snapshot.target()).contains(dir.resolve("watched.bin"));

      served.unlimitBudget();
      assertThat(EngineHarness.await(download)).isInstanceOf(DownloadOutcome.Completed.class);
      // Events reach subscribers on the bus's own thread, so the last one may trail the outcome.
      org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(h.events(DownloadEvent.StateChanged.class))
              .extracting(DownloadEvent.StateChanged::to)
              .containsExactly(DownloadState.ACTIVE, DownloadState.COMPLETE));
    }
  }

  @Test
  void startingARunningJobReturnsTheRunningDownload() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("twice.bin", LENGTH, 34);
      served.limitBudget(1000);
      Download first = h.engine.start(h.request("twice.bin"));

      assertThat(h.engine.start(h.request("twice.bin"))).isSameAs(first);

      served.unlimitBudget();
      assertThat(EngineHarness.await(first)).isInstanceOf(DownloadOutcome.Completed.class);
    }
  }

  @Test
  void closingTheEngineStopsDownloadsWithAFinalCheckpoint() {
    EngineHarness h = new EngineHarness(dir);
    var served = h.protocol.serve("closing.bin", LENGTH, 35);
    served.limitBudget(LENGTH / 4);
    DownloadRequest request = h.request("closing.bin");
    Download download = h.engine.start(request);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> download.snapshot().completedBytes() >= LENGTH / 4);

    h.close();

    assertThat(download.outcome()).isCompletedWithValue(new DownloadOutcome.Stopped(LENGTH / 4));
    assertThat(h.job(request).completed().coveredBytes()).isEqualTo(LENGTH / 4);
  }

}
