package dev.dlm.core.transfer;

import dev.dlm.core.DownloadSnapshot.PartState;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks parts out to workers. Pending parts go first; when none is left, a worker steals the upper
 * half of the active part with the most unclaimed bytes (the one furthest behind), so the last
 * seconds of a download never hang on one slow connection. A worker that gets nothing exits.
 */
final class Scheduler {

  private final ReentrantLock lock = new ReentrantLock();
  private final ArrayDeque<Part> pending; // guarded by lock
  private final List<Part> parts; // guarded by lock
  private final boolean splittable;
  private final long minPartBytes;
  private final long marginBytes;
  private int connectionLimit; // guarded by lock
  private int liveWorkers; // guarded by lock

  Scheduler(List<Part> initial, int connections, boolean splittable, long minPartBytes, long marginBytes) {
    this.pending = new ArrayDeque<>(initial);
    this.parts = new ArrayList<>(initial);
    this.splittable = splittable;
    this.minPartBytes = minPartBytes;
    this.marginBytes = marginBytes;
    this.connectionLimit = Math.max(1, connections);
  }

  /** Registers the workers the transfer starts with and returns their number. */
  int startWorkers() {
    lock.lock();
    try {
      liveWorkers = splittable ? connectionLimit : Math.min(connectionLimit, Math.max(1, pending.size()));
      return liveWorkers;
    } finally {
      lock.unlock();
    }
  }

  /** The next part for a worker, or {@code null}: the worker then exits. */
  Part next() {
    lock.lock();
    try {
      Part part = pending.poll();
      if (part == null && splittable) {
        part = steal();
      }
      if (part == null) {
        liveWorkers--;
        return null;
      }
      part.state(PartState.ACTIVE);
      return part;
    } finally {
      lock.unlock();
    }
  }

  /**
   * After the server refused another connection: one connection fewer. Returns whether this worker
   * should retire, in which case its part goes back to the queue for the others.
   */
  boolean retire(Part part) {
    lock.lock();
    try {
      connectionLimit = Math.max(1, connectionLimit - 1);
      if (liveWorkers <= connectionLimit) {
        return false;
      }
      part.state(PartState.PENDING);
      pending.addFirst(part);
      liveWorkers--;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** The worker stops early (stop or failure) and will take no further part. */
  void leave() {
    lock.lock();
    try {
      liveWorkers--;
    } finally {
      lock.unlock();
    }
  }

  List<Part> parts() {
    lock.lock();
    try {
      List<Part> copy = new ArrayList<>(parts);
      copy.sort(Comparator.comparingLong(Part::startByte));
      return copy;
    } finally {
      lock.unlock();
    }
  }

  private Part steal() {
    Part victim = null;
    long most = 0;
    for (Part candidate : parts) {
      if (candidate.state() == PartState.ACTIVE) {
        long unclaimed = candidate.unclaimedBytes();
        if (unclaimed > most) {
          most = unclaimed;
          victim = candidate;
        }
      }
    }
    Part stolen = victim == null ? null : victim.splitOff(minPartBytes, marginBytes);
    if (stolen != null) {
      parts.add(stolen);
    }
    return stolen;
  }
}
