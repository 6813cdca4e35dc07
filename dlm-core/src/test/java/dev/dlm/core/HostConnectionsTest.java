package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.storage.PartOpener;
import dev.dlm.spi.ProtocolContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine-wide cap on connections to one host holds across downloads, and none starves. */
class HostConnectionsTest {

  private static final int LENGTH = 1 << 20;

  @TempDir Path dir;

  @Test
  void concurrentDownloadsToOneHostNeverOpenMoreThanItsCap() throws Exception {
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), capped(3))) {
      List<Download> downloads = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        contents.add(h.protocol.serve("f" + i + ".bin", LENGTH, 60 + i).content());
        downloads.add(h.engine.start(limited(h.request("f" + i + ".bin", 8), 4 * LENGTH)));
      }

      for (int i = 0; i < downloads.size(); i++) {
        assertThat(EngineHarness.await(downloads.get(i))).isInstanceOf(DownloadOutcome.Completed.class);
        assertThat(Files.readAllBytes(dir.resolve("f" + i + ".bin"))).isEqualTo(contents.get(i));
      }
      assertThat(h.protocol.peakOpenStreams.get()).as("4 downloads x 8 connections, 3 per host").isBetween(1, 3);
      assertThat(h.protocol.openStreams.get()).isZero();
    }
  }

  @Test
  void everyDownloadGetsAConnectionWhenTheCapIsOne() throws Exception {
    try (EngineHarness h = new EngineHarness(dir, PartOpener.files(), capped(1))) {
      h.protocol.serve("a.bin", LENGTH, 70);
      h.protocol.serve("b.bin", LENGTH, 71);

      Download a = h.engine.start(h.request("a.bin", 8));
      Download b = h.engine.start(h.request("b.bin", 8));

      assertThat(EngineHarness.await(a)).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(EngineHarness.await(b)).isInstanceOf(DownloadOutcome.Completed.class);
      assertThat(h.protocol.peakOpenStreams.get()).isEqualTo(1);
    }
  }

  private static EngineConfig capped(int perHost) {
    EngineConfig base = EngineHarness.config();
    ProtocolContext p = base.protocol();
    ProtocolContext context = new ProtocolContext(p.connectTimeout(), p.readTimeout(), p.insecure(), p.proxy(),
        p.netrcFile(), p.cookieFile(), p.userAgent(), perHost, p.options(), p.prompt(), p.clock());
    return new EngineConfig(context, base.maxConnectionsPerDownload(), base.minSegmentBytes(), base.checkpointInterval(),
        base.checkpointBytesPerConnection(), base.retry(), base.lowSpeedBytesPerSecond(), base.lowSpeedTime(),
        base.globalLimitBytesPerSecond(), base.clock(), 0);
  }

  /** A limit keeps each stream open long enough for the downloads to overlap. */
  private static DownloadRequest limited(DownloadRequest r, long bytesPerSecond) {
    return new DownloadRequest(r.sources(), r.directory(), Optional.empty(), r.maxConnections(), bytesPerSecond,
        Optional.empty(), List.of(), false, false);
  }
}
