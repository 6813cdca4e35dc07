package dev.dlm.core.transfer;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.ProtocolRegistry;
import dev.dlm.core.event.EventBus;
import dev.dlm.core.rate.TokenBucket;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import dev.dlm.core.store.Priority;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running downloads of one engine and what they share: configuration, store, protocols, event
 * bus, the global rate bucket and the per-host connection budget. Public only so {@link
 * dev.dlm.core.Engine} can delegate to it.
 *
 * <p>Each download runs on its own virtual thread. One ticker thread per engine samples the progress
 * of every running download four times a second, and sleeps without waking while none runs: a
 * ticker per download cost a thread start, a timed wait and a join for each file of a {@code dlm
 * get -i} batch, most of which end before their first tick. Starting a download whose job key is
 * already running returns the running one.
 */
public final class Downloads implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
  private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final EngineConfig config;
  private final JobStore store;
  private final ProtocolRegistry protocols;
  private final EventBus bus;
  private final PartOpener opener;
  private final TokenBucket globalBucket;
  private final HostBudget hosts;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition tick = lock.newCondition();
  private final Map<String, RunningDownload> running = new HashMap<>(); // guarded by lock
  private boolean closed; // guarded by lock
  private boolean ticking; // guarded by lock: the ticker thread runs

  public Downloads(EngineConfig config, JobStore store, ProtocolRegistry protocols, EventBus bus, PartOpener opener) {
    this.config = config;
    this.store = store;
    this.protocols = protocols;
    this.bus = bus;
    this.opener = opener;
    this.globalBucket = new TokenBucket(config.globalLimitBytesPerSecond());
    this.hosts = new HostBudget(config.protocol().maxConnectionsPerHost(), config.maxConnections());
  }

  /** Starts or resumes the job of {@code request}; see {@link dev.dlm.core.Engine#start}. */
  public Download start(DownloadRequest request) {
    return startChild(request, new TokenBucket(request.limitBytesPerSecond()));
  }

  public void limitGlobalRate(long bytesPerSecond) {
    globalBucket.setRate(bytesPerSecond);
  }

  /** Stops every download (each takes a final checkpoint) and waits for them to end. */
  @Override
  public void close() {
    List<RunningDownload> all;
    lock.lock();
    try {
      closed = true;
      all = new ArrayList<>(running.values());
    } finally {
      lock.unlock();
    }
    all.forEach(RunningDownload::stop);
    all.forEach(download -> download.outcome().join());
    lock.lock();
    try {
      tick.signalAll();
    } finally {
      lock.unlock();
    }
  }

  RunningDownload startChild(DownloadRequest request, TokenBucket bucket) {
    String key = request.jobKey();
    RunningDownload already = runningFor(key);
    if (already != null) {
      return already;
    }
    JobRecord job = findOrInsert(request);
    RunningDownload handle = new RunningDownload(job.id(), request, bus, bucket);
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the engine is closed");
      }
      RunningDownload raced = running.putIfAbsent(key, handle);
      if (raced != null) {
        return raced;
      }
      if (!ticking) {
        ticking = true;
        Thread.ofVirtual().name("dlm-progress").start(this::tickWhileRunning);
      } else if (running.size() == 1) {
        tick.signalAll();
      }
    } finally {
      lock.unlock();
    }
    Thread.ofVirtual().name("dlm-run-" + job.id()).start(() -> runToEnd(key, handle, job));
    return handle;
  }

  private RunningDownload runningFor(String key) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the engine is closed");
      }
      return running.get(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The stored job of {@code request}, or a new one; store calls happen outside the lock. A new job
   * is stored {@code ACTIVE} at once, since its run starts right away: one store write per download
   * fewer than storing it queued and then active (a batch of small files pays three or four).
   */
  private JobRecord findOrInsert(DownloadRequest request) {
    Optional<JobRecord> stored = store.findByKey(request.jobKey());
    if (stored.isPresent()) {
      return stored.get().withRequest(request);
    }
    JobRecord job = new JobRecord(
        JobIds.next(), request.jobKey(), request, DownloadState.ACTIVE, Priority.NORMAL, Optional.empty(), -1,
        Validator.none(-1), RangeSet.empty(), config.clock().instant(), Optional.empty(), Optional.empty());
    try {
      store.insert(job);
      return job;
    } catch (RuntimeException taken) {
      return store.findByKey(request.jobKey()).map(j -> j.withRequest(request)).orElseThrow(() -> taken);
    }
  }

  private void runToEnd(String key, RunningDownload handle, JobRecord job) {
    DownloadOutcome outcome;
    try {
      outcome = new DownloadRun(this, handle, job).execute();
    } catch (RuntimeException | Error e) {
      // Whatever went wrong, the download must end: its outcome is what the caller waits for.
      LOG.error("{}: the download failed unexpectedly", handle.id(), e);
      outcome = new DownloadOutcome.Failed(ErrorKind.LOCAL_IO, "internal error: " + e);
    }
    lock.lock();
    try {
      running.remove(key, handle);
    } finally {
      lock.unlock();
    }
    handle.finish(outcome);
  }

  /**
   * The ticker: every {@link #TICK_NANOS} it samples each running download (speed, low-speed
   * watchdog, a progress event); with nothing running it waits for the next start without waking,
   * and once the engine is closed and idle it ends.
   */
  private void tickWhileRunning() {
    long next = System.nanoTime() + TICK_NANOS;
    while (true) {
      List<RunningDownload> due;
      lock.lock();
      try {
        while (running.isEmpty()) {
          if (closed) {
            ticking = false;
            return;
          }
          tick.await();
          next = System.nanoTime() + TICK_NANOS;
        }
        long left;
        while ((left = next - System.nanoTime()) > 0 && !running.isEmpty()) {
          tick.awaitNanos(left);
        }
        due = List.copyOf(running.values());
      } catch (InterruptedException e) {
        ticking = false;
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      long now = System.nanoTime();
      for (RunningDownload handle : due) {
        handle.tick(now);
      }
      next = now + TICK_NANOS;
    }
  }

  EngineConfig config() {
    return config;
  }

  JobStore store() {
    return store;
  }

  ProtocolRegistry protocols() {
    return protocols;
  }

  EventBus bus() {
    return bus;
  }

  PartOpener opener() {
    return opener;
  }

  TokenBucket globalBucket() {
    return globalBucket;
  }

  HostBudget hosts() {
    return hosts;
  }
}
