package dev.dlm.protocol.ftp;

import dev.dlm.spi.TransferException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Idle control connections per endpoint. A login costs several round trips (and a TLS handshake),
 * so a connection that ended its last transfer cleanly goes back here instead of being closed.
 *
 * <p>The lock guards only the idle lists; connecting, the NOOP liveness check and closing happen
 * outside it. A connection idle longer than {@link #CHECK_AFTER} is checked with NOOP before reuse,
 * since servers drop idle control connections (often with a 421) on their own schedule.
 */
final class FtpPool implements AutoCloseable {

  static final Duration CHECK_AFTER = Duration.ofSeconds(5);
  private static final int MAX_IDLE_PER_ENDPOINT = 16;

  private final FtpConnector connector;
  private final HostPermits permits;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<FtpEndpoint, Deque<FtpSession>> idle = new HashMap<>();
  private boolean closed;

  FtpPool(FtpConnector connector, HostPermits permits, Clock clock) {
    this.connector = connector;
    this.permits = permits;
    this.clock = clock;
  }

  /**
   * An idle connection to {@code endpoint} that still answers, or a new one, once one of the host's
   * permits is free. Every borrowed session must come back through {@link #release} or {@link
   * #discard}, which return the permit.
   */
  FtpSession borrow(FtpEndpoint endpoint) throws TransferException {
    permits.acquire(endpoint.host());
    try {
      return idleOrNew(endpoint);
    } catch (TransferException | RuntimeException e) {
      permits.release(endpoint.host());
      throw e;
    }
  }

  private FtpSession idleOrNew(FtpEndpoint endpoint) throws TransferException {
    while (true) {
      FtpSession session = takeIdle(endpoint);
      if (session == null) {
        return connector.connect(endpoint);
      }
      boolean fresh =
          Duration.between(session.lastUsed(), clock.instant()).compareTo(CHECK_AFTER) < 0;
      if (fresh || session.alive()) {
        return session;
      }
      session.close();
    }
  }

  /** Returns a connection whose last command completed cleanly. */
  void release(FtpSession session) {
    permits.release(session.endpoint().host());
    session.touch(clock.instant());
    lock.lock();
    try {
      if (!closed) {
        Deque<FtpSession> sessions =
            idle.computeIfAbsent(session.endpoint(), e -> new ArrayDeque<>());
        if (sessions.size() < MAX_IDLE_PER_ENDPOINT) {
          sessions.push(session);
          return;
        }
      }
    } finally {
      lock.unlock();
    }
    session.close();
  }

  /** Drops a connection whose state is unknown (a failed or abandoned command). */
  void discard(FtpSession session) {
    permits.release(session.endpoint().host());
    session.close();
  }

  int idleCount(FtpEndpoint endpoint) {
    lock.lock();
    try {
      Deque<FtpSession> sessions = idle.get(endpoint);
      return sessions == null ? 0 : sessions.size();
    } finally {
      lock.unlock();
    }
  }

  private FtpSession takeIdle(FtpEndpoint endpoint) {
    lock.lock();
    try {
      Deque<FtpSession> sessions = idle.get(endpoint);
      return sessions == null ? null : sessions.poll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    List<FtpSession> all = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    } finally {
      lock.unlock();
    }
    all.forEach(FtpSession::close);
  }
}
