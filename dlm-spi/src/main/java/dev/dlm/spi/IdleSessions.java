package dev.dlm.spi;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Logged-in sessions kept for reuse, per endpoint. Protocols whose login costs round trips (FTP,
 * SFTP) keep a session that ended its last transfer cleanly instead of closing it; this holds them,
 * most recently used first, up to a bound per endpoint. The lock guards only the lists: checking,
 * connecting and closing a session are the caller's, outside it.
 *
 * @param <K> the endpoint a session belongs to (host, port, user, ...)
 * @param <S> the session
 */
public final class IdleSessions<K, S> {

  private final int maxPerEndpoint;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<K, Deque<S>> idle = new HashMap<>();
  private boolean closed;

  public IdleSessions(int maxPerEndpoint) {
    this.maxPerEndpoint = maxPerEndpoint;
  }

  /** The most recently kept session for {@code endpoint}, taken out, or null if none. */
  public S poll(K endpoint) {
    lock.lock();
    try {
      Deque<S> sessions = idle.get(endpoint);
      return sessions == null ? null : sessions.poll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Keeps {@code session} unless the endpoint already has its share or {@link #drain} was called;
   * returns false when it was not kept, and the caller closes it.
   */
  public boolean offer(K endpoint, S session) {
    lock.lock();
    try {
      if (closed) {
        return false;
      }
      Deque<S> sessions = idle.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
      if (sessions.size() >= maxPerEndpoint) {
        return false;
      }
      sessions.push(session);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How many sessions are kept for {@code endpoint}. */
  public int count(K endpoint) {
    lock.lock();
    try {
      Deque<S> sessions = idle.get(endpoint);
      return sessions == null ? 0 : sessions.size();
    } finally {
      lock.unlock();
    }
  }

  /** Takes out every kept session for the caller to close, and keeps none from now on. */
  public List<S> drain() {
    lock.lock();
    try {
      closed = true;
      List<S> all = new ArrayList<>();
      idle.values().forEach(all::addAll);
      idle.clear();
      return all;
    } finally {
      lock.unlock();
    }
  }
}
