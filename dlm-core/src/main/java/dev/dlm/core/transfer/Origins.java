package dev.dlm.core.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** The sources sharing one download's connections, handed out round-robin; a failed mirror leaves. */
final class Origins {

  private final ReentrantLock lock = new ReentrantLock();
  private final List<Origin> live; // guarded by lock
  private int cursor; // guarded by lock

  Origins(List<Origin> origins) {
    this.live = new ArrayList<>(origins);
  }

  Origin next() {
    lock.lock();
    try {
      Origin origin = live.get(cursor % live.size());
      cursor++;
      return origin;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Drops {@code origin} after a permanent failure if another source remains. Returns whether the
   * caller may try another source: true when it was dropped now or by another connection before.
   */
  boolean dropIfOthersRemain(Origin origin) {
    lock.lock();
    try {
      if (!live.contains(origin)) {
        return true;
      }
      return live.size() > 1 && live.remove(origin);
    } finally {
      lock.unlock();
    }
  }
}
