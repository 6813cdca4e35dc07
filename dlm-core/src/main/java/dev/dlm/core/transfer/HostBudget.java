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
 * The engine-wide caps on open connections: to one host ({@code
 * ProtocolContext.maxConnectionsPerHost}) and, when set, to all hosts together ({@code
 * EngineConfig.maxConnections}, the global budget), shared by every download: without them, five
 * downloads of sixteen connections each would open eighty to the same server, and a daemon with
 * many mirrors could exhaust the machine's sockets or a home router's connection table.
 *
 * <p>A worker takes a permit before it opens a stream and gives it back when the stream is closed,
 * so a worker waiting in a backoff holds none. A download that has no connection open to the host
 * goes first: its worker is let in before any download's extra connections, so every download gets
 * at least one connection as soon as one is free, and the connections of one download never wait
 * behind each other. The same rule holds for the global budget: a download with no
 * connection open anywhere goes ahead of every download's extra connections, so when the budget is
 * at least the number of running downloads each holds one, and otherwise each gets one in turn as
 * connections end. Waits happen in slices of at most 100 ms so a stopped download stops waiting
 * without an interrupt (which would close the shared file channel).
 */
final class HostBudget {

  private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final int perHost;
  private final int total;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Map<String, Slots> hosts = new HashMap<>(); // guarded by lock
  private final Slots all = new Slots(); // guarded by lock; every host together

  /** A budget of {@code perHost} connections to each host and no global budget. */
  HostBudget(int perHost) {
    this(perHost, 0);
  }

  /**
   * A budget of {@code perHost} connections to each host and {@code total} to all of them
   * together; a {@code total} of 0 means no global budget.
   */
  HostBudget(int perHost, int total) {
    this.perHost = Math.max(1, perHost);
    this.total = total <= 0 ? Integer.MAX_VALUE : total;
  }

  /** The key connections are counted under: the host name, lower-cased. */
  static String hostOf(URI uri) {
    String host = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    return host == null ? uri.getScheme() : host.toLowerCase(Locale.ROOT);
  }

  /**
   * Waits for a permit to open one connection to {@code host} for {@code download}. One worker of a
   * download with none open there (or, for the global budget, none open anywhere) goes ahead of
   * every other download's extra connections. Returns false when {@code halted} first.
   */
  boolean acquire(String host, Object download, BooleanSupplier halted) {
    lock.lock();
    try {
      Slots slots = hosts.computeIfAbsent(host, h -> new Slots());
      boolean first = !slots.openBy.containsKey(download) && slots.firstWaiting.add(download);
      boolean firstAnywhere = !all.openBy.containsKey(download) && all.firstWaiting.add(download);
      slots.waiting++;
      try {
        while (!slots.admits(perHost, first) || !all.admits(total, firstAnywhere)) {
          if (halted.getAsBoolean()) {
            return false;
          }
          released.awaitNanos(SLICE_NANOS);
        }
        slots.take(download);
        all.take(download);
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      } finally {
        slots.waiting--;
        if (first) {
          slots.firstWaiting.remove(download);
        }
        if (firstAnywhere) {
          all.firstWaiting.remove(download);
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
      slots.give(download);
      all.give(download);
      forgetIfIdle(host, slots);
      released.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** How many workers are waiting for a permit now, over every host. */
  int waiting() {
    lock.lock();
    try {
      return hosts.values().stream().mapToInt(slots -> slots.waiting).sum();
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

    /** Whether one more connection fits under {@code cap}, letting first connections go ahead. */
    boolean admits(int cap, boolean first) {
      return open < cap && (first || firstWaiting.isEmpty());
    }

    void take(Object download) {
      open++;
      openBy.merge(download, 1, Integer::sum);
    }

    void give(Object download) {
      open--;
      openBy.computeIfPresent(download, (d, n) -> n == 1 ? null : n - 1);
    }
  }
}
