package dev.dlm.core.transfer;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadSnapshot.PartState;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.RetryPolicy;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.StorageErrors;
import dev.dlm.core.event.EventBus;
import dev.dlm.core.store.JobStore;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One attempt at moving a ranged resource's missing bytes into its {@code .part} file: the workers,
 * the checkpointer and the trailing hasher of that attempt, and the one place where they learn to
 * halt. It ends in exactly one {@link Result}; deciding what to do next (fall back, restart, verify)
 * is {@link DownloadRun}'s job.
 *
 * <p><b>The light path.</b> A file that one connection fetches from its first byte and that fits
 * one checkpoint's worth of bytes ({@link EngineConfig#checkpointBytesPerConnection()}, 4 MiB by
 * default: every file of a typical {@code dlm get -i} batch) runs on the calling thread alone: its
 * one worker runs there, the digests are fed from the worker's buffer right after each write (as on
 * the full path whenever a write extends the hashed prefix), and a checkpoint is taken inline when
 * a write finds the checkpoint interval passed, instead of by a checkpointer thread. The same three
 * steps (snapshot, force, record) in the same order, so a crash loses what it lost before: the
 * bytes since the last checkpoint, here at most the whole (small) file. A stop or failure takes the
 * final checkpoint as the full path does. What it saves per file: two virtual threads and their
 * wake-ups.
 */
final class Transfer {

  /** How an attempt ended. */
  sealed interface Result {
    record Done(long totalBytes, Map<String, byte[]> digests, RangeSet durable) implements Result {}

    record Stopped(RangeSet durable) implements Result {}

    record Failed(TransferException cause, RangeSet durable) implements Result {}
  }

  /** What an attempt works with: fixed for its whole life. */
  record Setup(
      String id,
      EngineConfig config,
      JobStore store,
      EventBus bus,
      PartChannel channel,
      Path partFile,
      Origins origins,
      Throttle throttle,
      HostBudget hosts,
      RangeSet base,
      long totalBytes,
      boolean rangeable,
      Set<String> algorithms) {}

  private final Setup setup;
  private final Scheduler scheduler;
  private final Checkpointer checkpointer;
  private final TrailingHasher hasher;
  private final List<Connection> connections = new CopyOnWriteArrayList<>();
  private final CountDownLatch halt = new CountDownLatch(1);
  private final AtomicReference<TransferException> failure = new AtomicReference<>();
  private final boolean light;
  private long lastCheckpointNanos; // light path only: read and written by its one worker

  Transfer(Setup setup, List<Part> parts, int connectionCount) {
    this.setup = setup;
    this.light = light(setup, parts, connectionCount);
    long minPartBytes = Math.max(setup.config().minSegmentBytes(), Worker.BUFFER_BYTES);
    this.scheduler = new Scheduler(parts, connectionCount, setup.rangeable() && setup.totalBytes() >= 0, minPartBytes, Worker.BUFFER_BYTES);
    this.checkpointer = new Checkpointer(
        setup.id(), setup.store(), setup.channel(), setup.partFile(), this::written, setup.base(), setup.config().checkpointInterval());
    this.hasher = new TrailingHasher(setup.channel(), this::written, setup.algorithms());
  }

  /**
   * Whether this attempt takes the light path: one connection, one part from byte 0 of a known
   * length of at most one checkpoint's worth of bytes, nothing resumed.
   */
  private static boolean light(Setup setup, List<Part> parts, int connectionCount) {
    return connectionCount == 1
        && parts.size() == 1
        && parts.getFirst().startByte() == 0
        && setup.base().isEmpty()
        && setup.totalBytes() >= 0
        && setup.totalBytes() <= setup.config().checkpointBytesPerConnection();
  }

  /** Runs the attempt to its end on the calling thread. */
  Result run() {
    if (light) {
      return runLight();
    }
    hasher.start();
    Thread checkpoints = Thread.ofVirtual().name("dlm-checkpoint").start(() -> checkpointer.run(this::fail));
    int workers = scheduler.startWorkers();
    List<Thread> threads = new ArrayList<>(workers);
    for (int i = 0; i < workers; i++) {
      threads.add(Thread.ofVirtual().name("dlm-worker-" + setup.id() + "-" + i).start(new Worker(this)));
    }
    joinAll(threads);
    checkpointer.close();
    joinAll(List.of(checkpoints));
    if (failure.get() == null && !halted() && allPartsDone()) {
      return done();
    }
    RangeSet durable = finalCheckpoint();
    hasher.cancel();
    TransferException failed = failure.get();
    return failed != null ? new Result.Failed(failed, durable) : new Result.Stopped(durable);
  }

  /** The light path: the one worker on this thread, no checkpointer or hasher thread. */
  private Result runLight() {
    lastCheckpointNanos = System.nanoTime();
    scheduler.startWorkers();
    new Worker(this).run();
    if (failure.get() == null && !halted() && allPartsDone()) {
      long total = setup.totalBytes();
      try {
        return new Result.Done(total, hasher.finishInline(total), checkpointer.durable());
      } catch (TransferException e) {
        return new Result.Failed(e, finalCheckpoint());
      }
    }
    RangeSet durable = finalCheckpoint();
    TransferException failed = failure.get();
    return failed != null ? new Result.Failed(failed, durable) : new Result.Stopped(durable);
  }

  /**
   * Every byte is written: no final checkpoint, because the run forces the file and records it
   * complete next; a checkpoint here would cost a forced write and a store commit per file (most of
   * a small file's time) for a record that is replaced at once. The record keeps the last
   * checkpoint until then, which covers fewer bytes, never more. Only when the digest cannot be had
   * is the checkpoint taken, so the failure keeps the progress.
   */
  private Result done() {
    long total = setup.totalBytes() >= 0 ? setup.totalBytes() : written().coveredBytes();
    try {
      return new Result.Done(total, hasher.finish(total), checkpointer.durable());
    } catch (TransferException e) {
      return new Result.Failed(e, finalCheckpoint());
    }
  }

  private RangeSet finalCheckpoint() {
    try {
      return checkpointer.checkpoint();
    } catch (TransferException e) {
      fail(e);
      return checkpointer.durable();
    }
  }

  /** Stops every connection; {@link #run()} then returns {@link Result.Stopped}. */
  void stop() {
    halt.countDown();
    connections.forEach(Connection::abandon);
  }

  /** Halts the attempt with {@code cause}; the first failure wins. */
  void fail(TransferException cause) {
    failure.compareAndSet(null, cause);
    stop();
  }

  boolean halted() {
    return halt.getCount() == 0;
  }

  /** Waits {@code delay} unless the attempt halts first; returns whether to go on. */
  boolean pause(Duration delay) {
    try {
      return !halt.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The bytes on disk now: what earlier runs made durable plus each part's written prefix. */
  RangeSet written() {
    RangeSet result = setup.base();
    for (Part part : scheduler.parts()) {
      long writtenByte = part.writtenByte();
      if (writtenByte > part.startByte()) {
        result = result.add(part.startByte(), writtenByte);
      }
    }
    return result;
  }

  /** The parts for a snapshot, with ranges done in an earlier run shown as done parts. */
  List<DownloadSnapshot.Part> partViews() {
    List<DownloadSnapshot.Part> views = new ArrayList<>();
    RangeSet base = setup.base();
    for (int i = 0; i < base.rangeCount(); i++) {
      views.add(new DownloadSnapshot.Part(base.start(i), base.end(i), base.end(i) - base.start(i), PartState.DONE));
    }
    for (Part part : scheduler.parts()) {
      long end = part.endByte();
      long written = part.writtenByte();
      views.add(new DownloadSnapshot.Part(part.startByte(), end < 0 ? written : end, written - part.startByte(), part.state()));
    }
    views.sort(java.util.Comparator.comparingLong(DownloadSnapshot.Part::startByte));
    return views;
  }

  int openConnections() {
    return (int) connections.stream().filter(Connection::open).count();
  }

  /** The low-speed watchdog, called a few times a second by the progress ticker. */
  void watch(long nowNanos) {
    long minRate = setup.config().lowSpeedBytesPerSecond();
    if (minRate <= 0 || setup.throttle().limited()) {
      return;
    }
    long window = setup.config().lowSpeedTime().toNanos();
    for (Connection connection : connections) {
      connection.watch(nowNanos, window, minRate);
    }
  }

  // --- for workers ---

  Scheduler scheduler() {
    return scheduler;
  }

  Origins origins() {
    return setup.origins();
  }

  Throttle throttle() {
    return setup.throttle();
  }

  HostBudget hosts() {
    return setup.hosts();
  }

  RetryPolicy retry() {
    return setup.config().retry();
  }

  boolean rangeable() {
    return setup.rangeable();
  }

  String id() {
    return setup.id();
  }

  void publish(DownloadEvent event) {
    setup.bus().publish(event);
  }

  void register(Connection connection) {
    connections.add(connection);
  }

  void unregister(Connection connection) {
    connections.remove(connection);
  }

  /**
   * Writes a worker's bytes at {@code positionBytes} and offers them to the hasher, before the
   * worker counts them as written: so the hasher's read-back, which follows the counted bytes, never
   * takes bytes the worker is about to hand over. {@code moreReady} says whether the worker's stream
   * already holds its next bytes (see {@link TrailingHasher#offer}).
   */
  void write(ByteBuffer bytes, long positionBytes, boolean moreReady) throws LocalWriteFailure {
    int from = bytes.position();
    try {
      setup.channel().write(bytes, positionBytes);
    } catch (IOException e) {
      throw new LocalWriteFailure(StorageErrors.classify(e, setup.partFile()));
    }
    hasher.offer(bytes.position(from), positionBytes, moreReady);
  }

  void wrote(Connection connection, long bytes) {
    if (light) {
      long now = System.nanoTime();
      if (now - lastCheckpointNanos >= setup.config().checkpointInterval().toNanos()) {
        lastCheckpointNanos = now;
        try {
          checkpointer.checkpoint();
        } catch (TransferException e) {
          fail(e);
        }
      }
    } else if (connection.count(bytes, setup.config().checkpointBytesPerConnection())) {
      checkpointer.request();
    }
  }

  /** A part whose stream cannot resume starts over from its first byte; so do the digests. */
  void restartPart(Part part) {
    hasher.startOver(part::restart);
  }

  private boolean allPartsDone() {
    return scheduler.parts().stream().allMatch(Part::finished);
  }

  private static void joinAll(List<Thread> threads) {
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
