package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FailureTest {

  @TempDir Path dir;

  @Test
  void transientErrorsAreRetriedWithBackoffThenSucceed() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("flaky.bin", 400_000, 20);
      served.transientFailures.set(3);
      served.retryAfter = Duration.ofMillis(5);

      DownloadOutcome outcome = h.run(h.request("flaky.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("flaky.bin"))).isEqualTo(served.content());
      assertThat(h.events(DownloadEvent.Retrying.class)).hasSize(3).allSatisfy(r -> {
        assertThat(r.kind()).isEqualTo(ErrorKind.SERVER_ERROR);
        assertThat(r.delay()).isGreaterThanOrEqualTo(Duration.ofMillis(5));
      });
    }
  }

  @Test
  void aServerThatDropsEveryConnectionAfterSomeBytesStillCompletes() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("drops.bin", 1 << 20, 21);
      served.dropAfterBytes = 50_000;

      DownloadOutcome outcome = h.run(h.request("drops.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("drops.bin"))).isEqualTo(served.content());
      assertThat(served.servedBytes.get()).isEqualTo(1 << 20);
    }
  }

  @Test
  void aPermanentErrorFailsWithItsKindAndKeepsTheCheckpoint() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("forbidden.bin", 1 << 20, 22);
      served.dropAfterBytes = 40_000;
      served.failOpensAfter = 8;
      served.failKind = ErrorKind.FORBIDDEN;
      DownloadRequest request = h.request("forbidden.bin");

      DownloadOutcome outcome = h.run(request);

      assertThat(outcome).isEqualTo(new DownloadOutcome.Failed(ErrorKind.FORBIDDEN, "the server says forbidden"));
      assertThat(h.job(request).state()).isEqualTo(DownloadState.FAILED);
      assertThat(h.job(request).completed().coveredBytes()).isGreaterThan(0);
      assertThat(EngineHarness.matches(dir.resolve("forbidden.bin.part"), h.job(request).completed(), served.content())).isTrue();
    }
  }

  @Test
  void aProtocolThatBreaksWithAnErrorFailsTheDownloadInsteadOfLeavingItStopped() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("broken.bin", 1 << 20, 23);
      served.brokenWith = new NoSuchMethodError("a protocol built against another SPI");
      DownloadRequest request = h.request("broken.bin");

      DownloadOutcome outcome = h.run(request);

      assertThat(outcome).isEqualTo(new DownloadOutcome.Failed(ErrorKind.PROTOCOL_ERROR,
          "the protocol failed unexpectedly: java.lang.NoSuchMethodError: a protocol built against another SPI"));
      assertThat(h.job(request).state()).isEqualTo(DownloadState.FAILED);
    }
  }

  @Test
  void aProbeThatBreaksWithAnErrorStillEndsTheDownload() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("broken-probe.bin", 1 << 20, 24);
      served.brokenWith = new AssertionError("a bug in the protocol");
      served.breaksProbes = true;

      DownloadOutcome outcome = h.run(h.request("broken-probe.bin"));

      assertThat(outcome).isInstanceOfSatisfying(DownloadOutcome.Failed.class,
          failed -> assertThat(failed.message()).contains("a bug in the protocol"));
    }
  }

  @Test
  void tooManyTransientErrorsGiveUp() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("down.bin", 100_000, 23);
      served.transientFailures.set(1000);

      DownloadOutcome outcome = h.run(h.request("down.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.SERVER_ERROR);
      assertThat(((DownloadOutcome.Failed) outcome).message()).contains("gave up after 5 tries");
    }
  }

  @Test
  void stopEndsABackoffWaitAtOnce() {
    EngineConfig base = EngineHarness.config();
    EngineConfig patient = new EngineConfig(base.protocol(), base.maxConnectionsPerDownload(), base.minSegmentBytes(),
        base.checkpointInterval(), base.checkpointBytesPerConnection(),
        new RetryPolicy(10, Duration.ofMinutes(10), Duration.ofMinutes(10)), 0, base.lowSpeedTime(), 0, base.clock(), 0);
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), patient)) {
      var served = h.protocol.serve("later.bin", 100_000, 29);
      served.transientFailures.set(1000);
      served.retryAfter = Duration.ofMinutes(10);
      Download download = h.engine.start(h.request("later.bin"));
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !h.events(DownloadEvent.Retrying.class).isEmpty());

      download.stop();

      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> download.outcome().isDone());
      assertThat(download.outcome().join()).isInstanceOf(DownloadOutcome.Stopped.class);
    }
  }

  @Test
  void aMissingFileFailsAtTheProbe() {
    try (EngineHarness h = new EngineHarness(dir)) {
      DownloadOutcome outcome = h.run(h.request("nothing-here.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }
  }

  @Test
  void anUnknownSchemeFailsAsUnsupported() {
    try (EngineHarness h = new EngineHarness(dir)) {
      DownloadOutcome outcome = h.run(DownloadRequest.of(java.net.URI.create("gopher://x/y"), dir));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.UNSUPPORTED_PROTOCOL);
    }
  }

  @Test
  void aDirectoryThatCannotBeCreatedIsNotWritable() throws Exception {
    Path blocked = dir.resolve("blocked");
    Files.writeString(blocked, "a file where the directory should be");
    try (EngineHarness h = new EngineHarness(blocked.resolve("sub"))) {
      h.protocol.serve("x.bin", 1000, 28);

      DownloadOutcome outcome = h.run(h.request("x.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.NOT_WRITABLE);
    }
  }

  @Test
  void aChecksumMismatchFailsAndDeletesThePartFile() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("wrong.bin", 200_000, 24);
      DownloadRequest plain = h.request("wrong.bin");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 0, 0,
          Optional.of(ContentDigest.parse("sha-256=" + "00".repeat(32))), java.util.List.of(), false, false);

      DownloadOutcome outcome = h.run(request);

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.CHECKSUM_MISMATCH);
      assertThat(dir.resolve("wrong.bin.part")).doesNotExist();
      assertThat(dir.resolve("wrong.bin")).doesNotExist();
      assertThat(h.job(request).completed().isEmpty()).isTrue();
    }
  }

  @Test
  void matchingChecksumsOfEveryAlgorithmPass() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("right.bin", 300_000, 25);
      byte[] md5 = MessageDigest.getInstance("MD5").digest(served.content());
      served.digest = new ContentDigest("SHA-512", MessageDigest.getInstance("SHA-512").digest(served.content()));
      DownloadRequest plain = h.request("right.bin");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 0, 0,
          Optional.of(new ContentDigest("MD5", md5)), java.util.List.of(), false, false);

      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);
    }
  }

  @Test
  void aFullDiskStopsAndKeepsTheCheckpointUntilSpaceIsFreed() throws Exception {
    AtomicLong spaceBytes = new AtomicLong(300_000);
    PartOpener limited = file -> new SmallDisk(PartOpener.files().open(file), spaceBytes);
    try (EngineHarness h = new EngineHarness(dir, limited, EngineHarness.config())) {
      var served = h.protocol.serve("full.bin", 1 << 20, 26);
      DownloadRequest request = h.request("full.bin");

      DownloadOutcome outcome = h.run(request);

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).kind()).isEqualTo(ErrorKind.DISK_FULL);
      assertThat(((DownloadOutcome.Failed) outcome).message()).contains("free some space");
      var durable = h.job(request).completed();
      assertThat(durable.coveredBytes()).isGreaterThan(0).isLessThanOrEqualTo(300_000);
      assertThat(EngineHarness.matches(dir.resolve("full.bin.part"), durable, served.content())).isTrue();

      spaceBytes.set(Long.MAX_VALUE);
      served.servedBytes.set(0);
      assertThat(h.run(request)).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("full.bin"))).isEqualTo(served.content());
      assertThat(served.servedBytes.get()).isEqualTo((1 << 20) - durable.coveredBytes());
    }
  }

  @Test
  void aConnectionBelowTheLowSpeedLimitIsDroppedAndItsPartRetried() throws Exception {
    EngineConfig base = EngineHarness.config();
    EngineConfig config = new EngineConfig(base.protocol(), 1, base.minSegmentBytes(), base.checkpointInterval(),
        base.checkpointBytesPerConnection(), base.retry(), 1 << 20, Duration.ofMillis(100), 0, base.clock(), 0);
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), config)) {
      var served = h.protocol.serve("crawl.bin", 200_000, 27);
      served.slowFromByte = 0;
      served.slowNanosPerKiB = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(5);

      DownloadOutcome outcome = h.run(h.request("crawl.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("crawl.bin"))).isEqualTo(served.content());
      assertThat(h.events(DownloadEvent.Retrying.class)).extracting(DownloadEvent.Retrying::kind).contains(ErrorKind.TIMEOUT);
    }
  }

  /** A disk that runs out of space after a number of written bytes. */
  private static final class SmallDisk extends ForwardingPartChannel {
    private final AtomicLong spaceBytes;

    SmallDisk(PartChannel inner, AtomicLong spaceBytes) {
      super(inner);
      this.spaceBytes = spaceBytes;
    }

    @Override
    public void write(ByteBuffer source, long positionBytes) throws IOException {
      if (spaceBytes.addAndGet(-source.remaining()) < 0) {
        throw new IOException("No space left on device");
      }
      super.write(source, positionBytes);
    }
  }
}
