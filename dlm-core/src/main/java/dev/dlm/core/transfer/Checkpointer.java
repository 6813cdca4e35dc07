package dev.dlm.core.transfer;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.StorageErrors;
import dev.dlm.core.store.JobStore;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes a download's progress durable, in an order that never records a byte that is not on disk:
 * (1) snapshot the written prefix of every part, (2) force the file, (3) record the snapshot in the
 * store. A byte written after (1) is simply left for the next checkpoint. Runs every {@code interval}
 * or when a connection asks (it wrote {@code bytesPerConnection} since its last request).
 *
 * <p>It also tells whether the disk is behind: a force that took longer than {@link #SLOW_FORCE}
 * had a backlog of dirty data to write, so the download is (or is about to be) bound by the disk,
 * and early write-back pays ({@link Transfer#startWriteBack}). On a fast disk, or tmpfs, forces stay
 * short and the hints, which cost some CPU and memory, are never sent.
 */
final class Checkpointer {

  /** A force slower than this means the disk is behind the download. */
  static final Duration SLOW_FORCE = Duration.ofMillis(100);

  private final String jobId;
  private final JobStore store;
  private final PartChannel channel;
  private final Path partFile;
  private final Supplier<RangeSet> written;
  private final Duration interval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final ReentrantLock checkpointLock = new ReentrantLock();
  private boolean requested; // guarded by lock
  private boolean closed; // guarded by lock
  private volatile RangeSet durable;
  private volatile boolean diskBehind;

  Checkpointer(
      String jobId,
      JobStore store,
      PartChannel channel,
      Path partFile,
      Supplier<RangeSet> written,
      RangeSet alreadyDurable,
      Duration interval) {
    this.jobId = jobId;
    this.store = store;
    this.channel = channel;
    this.partFile = partFile;
    this.written = written;
    this.durable = alreadyDurable;
    this.interval = interval;
  }

  /** The ranges last recorded in the store. */
  RangeSet durable() {
    return durable;
  }

  /** Whether a force took longer than {@link #SLOW_FORCE}; once true, it stays true. */
  boolean diskBehind() {
    return diskBehind;
  }

  /** Asks for a checkpoint soon, without waiting for it. */
  void request() {
    lock.lock();
    try {
      requested = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** The periodic loop; returns after {@link #close()}. Failures go to {@code onFailure}. */
  void run(java.util.function.Consumer<TransferException> onFailure) {
    long intervalNanos = Math.max(1, interval.toNanos());
    while (true) {
      lock.lock();
      try {
        long left = intervalNanos;
        while (!requested && !closed && left > 0) {
          left = wake.awaitNanos(left);
        }
        if (closed) {
          return;
        }
        requested = false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        lock.unlock();
      }
      try {
        checkpoint();
      } catch (TransferException e) {
        onFailure.accept(e);
        return;
      }
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a checkpoint now: snapshot, force, record. Serialised with the periodic one. */
  RangeSet checkpoint() throws TransferException {
    checkpointLock.lock();
    try {
      RangeSet snapshot = written.get();
      if (snapshot.equals(durable)) {
        return snapshot;
      }
      long started = System.nanoTime();
      try {
        channel.force();
      } catch (IOException e) {
        throw StorageErrors.classify(e, partFile);
      }
      if (!diskBehind && System.nanoTime() - started > SLOW_FORCE.toNanos()) {
        diskBehind = true;
      }
      try {
        store.checkpoint(jobId, snapshot);
      } catch (RuntimeException e) {
        throw new TransferException(
            ErrorKind.LOCAL_IO, "cannot record progress in the job store: " + e.getMessage(), e);
      }
      durable = snapshot;
      return snapshot;
    } finally {
      checkpointLock.unlock();
    }
  }
}
