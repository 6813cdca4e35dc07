package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ByteRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentedDownloadTest {

  @TempDir Path dir;

  @Test
  void segmentedDownloadMatchesTheServedBytes() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("big.bin", 1 << 20, 1);

      DownloadOutcome outcome = h.run(h.request("big.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      var done = (DownloadOutcome.Completed) outcome;
      Path file = dir.resolve("big.bin");
      assertThat(done.files()).containsExactly(file);
      assertThat(Files.readAllBytes(file)).isEqualTo(served.content());
      assertThat(done.sha256Hex()).containsExactly(
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(served.content())));
      assertThat(served.opened).hasSizeGreaterThan(1).allMatch(ByteRange::bounded);
      assertThat(served.servedBytes.get()).isEqualTo(1 << 20);
      assertThat(dir.resolve("big.bin.part")).doesNotExist();
      assertThat(h.job(h.request("big.bin")).state()).isEqualTo(DownloadState.COMPLETE);
      assertThat(h.events(DownloadEvent.Planned.class)).singleElement()
          .satisfies(p -> assertThat(p.totalBytes()).isEqualTo(1 << 20));
      assertThat(h.events(DownloadEvent.Finished.class)).hasSize(1);
    }
  }

  @Test
  void smallFilesUseOneConnection() {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("small.bin", 20_000, 2);

      assertThat(h.run(h.request("small.bin"))).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(served.opened).singleElement().isEqualTo(new ByteRange(0, 20_000));
    }
  }

  @Test
  void aProtocolThatPrefersOneConnectionGetsOneUnlessTheUserAsksForMore() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.preferredConnections = OptionalInt.of(1);
      var automatic = h.protocol.serve("automatic.bin", 4 << 20, 3);
      var chosen = h.protocol.serve("chosen.bin", 4 << 20, 4);

      assertThat(h.run(h.request("automatic.bin"))).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(h.run(h.request("chosen.bin", 4))).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(automatic.opened).singleElement().isEqualTo(new ByteRange(0, 4 << 20));
      assertThat(chosen.opened).hasSizeGreaterThan(1);
    }
  }

  @Test
  void unknownLengthIsFetchedAsOneStream() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("stream.bin", 300_000, 3);
      served.lengthKnown = false;

      DownloadOutcome outcome = h.run(h.request("stream.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(((DownloadOutcome.Completed) outcome).totalBytes()).isEqualTo(300_000);
      assertThat(Files.readAllBytes(dir.resolve("stream.bin"))).isEqualTo(served.content());
      assertThat(served.opened).singleElement().satisfies(r -> assertThat(r.bounded()).isFalse());
    }
  }

  @Test
  void aServerThatIgnoresRangesFallsBackToOneStreamFromTheStart() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("noranges.bin", 600_000, 4);
      served.ignoreRanges = true;

      DownloadOutcome outcome = h.run(h.request("noranges.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.readAllBytes(dir.resolve("noranges.bin"))).isEqualTo(served.content());
      assertThat(served.opened).singleElement().isEqualTo(ByteRange.all());
      assertThat(h.events(DownloadEvent.Planned.class)).last().satisfies(p -> assertThat(p.rangeable()).isFalse());
    }
  }

  @Test
  void aFileWithoutRangesIsOneStream() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("plain.bin", 500_000, 5);
      served.rangeable = false;

      assertThat(h.run(h.request("plain.bin"))).isInstanceOf(DownloadOutcome.Completed.class);

      assertThat(Files.readAllBytes(dir.resolve("plain.bin"))).isEqualTo(served.content());
      assertThat(served.opened).containsOnly(ByteRange.all());
    }
  }

  @Test
  void emptyFilesComplete() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("empty.bin", 0, 6);

      DownloadOutcome outcome = h.run(h.request("empty.bin"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(Files.size(dir.resolve("empty.bin"))).isZero();
    }
  }
}
