package dev.dlm.core;

import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.core.store.JobRecord;
import dev.dlm.spi.ProtocolContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * An engine wired to a {@link BytesProtocol} and an {@link InMemoryJobStore} in a temporary
 * directory, with small segments and quick retries so each test runs in well under a second.
 */
final class EngineHarness implements AutoCloseable {

  final BytesProtocol protocol = new BytesProtocol();
  final InMemoryJobStore store = new InMemoryJobStore();
  final List<DownloadEvent> events = new CopyOnWriteArrayList<>();
  final Path directory;
  final Engine engine;

  EngineHarness(Path directory) {
    this(directory, PartOpener.files(), config());
  }

  EngineHarness(Path directory, PartOpener opener, EngineConfig config) {
    this.directory = directory;
    this.engine = new Engine(config, store, ProtocolRegistry.of(config.protocol(), List.of(protocol.provider())), opener);
    engine.events().subscribe(events::add);
  }

  static EngineConfig config() {
    return new EngineConfig(
        ProtocolContext.defaults(), 8, 16 * 1024, Duration.ofMillis(20), 64 * 1024,
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(10)), 0, Duration.ofSeconds(60), 0,
        Clock.systemUTC(), 0);
  }

  DownloadRequest request(String name) {
    return DownloadRequest.of(BytesProtocol.uri(name), directory);
  }

  DownloadRequest request(String name, int connections) {
    DownloadRequest r = request(name);
    return new DownloadRequest(r.sources(), r.directory(), r.fileName(), connections, r.limitBytesPerSecond(), r.checksum(), r.headers(), r.overwrite(), r.recursive());
  }

  /**
   * Runs {@code request} to its end, and until its last event has reached {@link #events}: the bus
   * delivers on a thread of its own, so the outcome can come first.
   */
  DownloadOutcome run(DownloadRequest request) {
    DownloadOutcome outcome = await(engine.start(request));
    Awaitility.await("the run's Finished event")
        .atMost(Duration.ofSeconds(10))
        .until(() -> events(DownloadEvent.Finished.class).stream().anyMatch(f -> f.outcome() == outcome));
    return outcome;
  }

  static DownloadOutcome await(Download download) {
    try {
      return download.outcome().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the download did not end", e);
    }
  }

  JobRecord job(DownloadRequest request) {
    return store.findByKey(request.jobKey()).orElseThrow();
  }

  <T extends DownloadEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Whether every byte of {@code ranges} in {@code file} equals {@code expected}. */
  static boolean matches(Path file, RangeSet ranges, byte[] expected) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      for (int i = 0; i < ranges.rangeCount(); i++) {
        int start = (int) ranges.start(i);
        int end = (int) ranges.end(i);
        ByteBuffer buffer = ByteBuffer.allocate(end - start);
        while (buffer.hasRemaining() && channel.read(buffer, start + buffer.position()) >= 0) {
          // keep reading
        }
        if (buffer.hasRemaining() || !Arrays.equals(buffer.array(), Arrays.copyOfRange(expected, start, end))) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    engine.close();
  }
}
