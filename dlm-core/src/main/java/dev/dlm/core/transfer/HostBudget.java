package dev.dlm.core.transfer;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The engine-wide cap on open connections to one host ({@code ProtocolContext.maxConnectionsPerHost}),
 * shared by every download: without it, five downloads of sixteen connections each would open
 * eighty to the same server.
 *
 * <p>A worker takes a permit before it opens a stream and gives it back when the stream is closed,
 * so a worker waiting in a backoff holds none. A download that has no connection open to the host
 * goes first: its worker is let in before any download's extra connections, so every download gets
 * at least one connection as soon as one is free, and the connections of one download never wait
 * behind each other. Waits happen in slices of at most 100 ms so a stopped download stops waiting
 * without an interrupt (which would close the shared file channel).
 */
final class HostBudget {

  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final int perHost;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Map<String, Slots> hosts = new HashMap<>(); // guarded by lock

  HostBudget(int perHost) {
    this.perHost = Math.max(1, perHost);
  }

  /** The key connections are counted under: the host name, lower-cased. */
  static String hostOf(URI uri) {
    String host = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    return host == null ? uri.getScheme() : host.toLowerCase(Locale.ROOT);
  }

  /**
   * Waits for a permit to open one connection to {@code host} for {@code download}. One worker of a
   * download with none open there goes ahead of every other download's extra connections. Returns
   * false when {@code halted} first.
   */
  boolean acquire(String host, Object download, BooleanSupplier halted) {
    lock.lock();
    try {
      Slots slots = hosts.computeIfAbsent(host, h -> new Slots());
      boolean first = !slots.openBy.containsKey(download) && slots.firstWaiting.add(download);
      slots.waiting++;
      try {
        while (slots.open >= perHost || (!first && !slots.firstWaiting.isEmpty())) {
          if (halted.getAsBoolean()) {
            return false;
          }
          released.awaitNanos(SLICE_NANOS);
        }
        slots.open++;
        slots.openBy.merge(download, 1, Integer::sum);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        slots.waiting--;
        if (first) {
          slots.firstWaiting.remove(download);
        }
        forgetIfIdle(host, slots);
        released.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Gives back a permit that {@link #acquire} granted to {@code download}. */
  void release(String host, Object download) {
    lock.lock();
    try {
      Slots slots = hosts.get(host);
      slots.open--;
      slots.openBy.computeIfPresent(download, (d, n) -> n == 1 ? null : n - 1);
      forgetIfIdle(host, slots);
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void forgetIfIdle(String host, Slots slots) {
    if (slots.open == 0 && slots.waiting == 0) {
      hosts.remove(host);
    }
  }

  private static final class Slots {
    int open;
    int waiting;
    final Map<Object, Integer> openBy = new HashMap<>();
    /** Downloads with no connection open here that have one worker waiting: they go first. */
    final Set<Object> firstWaiting = new HashSet<>();
  }
}
