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
 */
final class Checkpointer {

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
      try {
        channel.force();
      } catch (IOException e) {
        throw StorageErrors.classify(e, partFile);
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
