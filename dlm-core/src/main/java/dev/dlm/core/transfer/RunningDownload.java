package dev.dlm.core.transfer;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.event.EventBus;
import dev.dlm.core.rate.TokenBucket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The handle of one running download: what callers see ({@link Download}) and what the run updates
 * (state, current attempt, children). Every field is volatile or thread-safe: any thread may read a
 * snapshot or stop it at any time.
 */
final class RunningDownload implements Download {

  private final String id;
  private final DownloadRequest request;
  private final EventBus bus;
  private final TokenBucket bucket;
  private final CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<RunningDownload> children = new CopyOnWriteArrayList<>();
  private final SpeedMeter speed = new SpeedMeter();
  private volatile DownloadState state = DownloadState.QUEUED;
  private volatile Transfer transfer;
  private volatile Path target;
  private volatile long totalBytes = -1;
  private volatile long doneBytes;
  private volatile long speedBytesPerSecond;
  private volatile DownloadSnapshot.Error error;
  private final ReentrantLock publishing = new ReentrantLock();
  private boolean finished; // guarded by publishing: no progress event after the finished one

  RunningDownload(String id, DownloadRequest request, EventBus bus, TokenBucket bucket) {
    this.id = id;
    this.request = request;
    this.bus = bus;
    this.bucket = bucket;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public DownloadRequest request() {
    return request;
  }

  @Override
  public CompletableFuture<DownloadOutcome> outcome() {
    return outcome;
  }

  @Override
  public void stop() {
    stopped.countDown();
    Transfer current = transfer;
    if (current != null) {
      current.stop();
    }
    children.forEach(RunningDownload::stop);
  }

  @Override
  public void limitRate(long bytesPerSecond) {
    bucket.setRate(bytesPerSecond);
  }

  @Override
  public DownloadSnapshot snapshot() {
    Transfer current = transfer;
    long total = totalBytes;
    long completed = completedBytes();
    long speedNow = speedBytesPerSecond;
    Optional<Duration> eta =
        total >= 0 && speedNow > 0
            ? Optional.of(Duration.ofMillis(Math.max(0, total - completed) * 1000 / speedNow))
            : Optional.empty();
    int connections = current == null ? children.stream().mapToInt(c -> c.snapshot().connections()).sum() : current.openConnections();
    List<DownloadSnapshot.Part> parts = current == null ? List.of() : current.partViews();
    return new DownloadSnapshot(
        id, state, Optional.ofNullable(target), total, completed, speedNow, eta, connections, parts, Optional.ofNullable(error));
  }

  // --- for the run ---

  TokenBucket bucket() {
    return bucket;
  }

  boolean stopRequested() {
    return stopped.getCount() == 0;
  }

  /** Waits {@code delay} unless stopped first; returns whether to go on. */
  boolean pause(Duration delay) {
    try {
      return !stopped.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void moveTo(DownloadState next) {
    DownloadState from = state;
    if (from != next) {
      state = next;
      bus.publish(new DownloadEvent.StateChanged(id, from, next));
    }
  }

  /** Installs the current attempt; stops it at once if a stop came first. */
  void attach(Transfer attempt) {
    transfer = attempt;
    if (stopRequested()) {
      attempt.stop();
    }
  }

  void detach(long completed) {
    doneBytes = completed;
    transfer = null;
  }

  void planned(Path newTarget, long newTotalBytes) {
    target = newTarget;
    totalBytes = newTotalBytes;
  }

  void failed(DownloadSnapshot.Error why) {
    error = why;
  }

  void adopt(RunningDownload child) {
    children.add(child);
    if (stopRequested()) {
      child.stop();
    }
  }

  /** Samples speed, runs the low-speed watchdog and publishes a progress event. */
  void tick(long nowNanos) {
    Transfer current = transfer;
    if (current != null) {
      current.watch(nowNanos);
    }
    if (!children.isEmpty()) {
      long sum = 0;
      for (RunningDownload child : children) {
        sum += Math.max(0, child.snapshot().totalBytes());
      }
      totalBytes = sum;
    }
    speedBytesPerSecond = speed.sample(completedBytes(), nowNanos);
    DownloadEvent.Progress progress = new DownloadEvent.Progress(id, snapshot());
    publishing.lock();
    try {
      if (!finished) {
        bus.publish(progress);
      }
    } finally {
      publishing.unlock();
    }
  }

  void finish(DownloadOutcome result) {
    publishing.lock();
    try {
      finished = true;
    } finally {
      publishing.unlock();
    }
    bus.publish(new DownloadEvent.Finished(id, result));
    outcome.complete(result);
  }

  private long completedBytes() {
    Transfer current = transfer;
    if (current != null) {
      return current.written().coveredBytes();
    }
    if (!children.isEmpty()) {
      return children.stream().mapToLong(RunningDownload::completedBytes).sum();
    }
    return doneBytes;
  }
}
