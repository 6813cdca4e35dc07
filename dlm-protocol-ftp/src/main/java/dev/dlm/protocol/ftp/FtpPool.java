package dev.dlm.protocol.ftp;

import dev.dlm.spi.IdleSessions;
import dev.dlm.spi.TransferException;
import java.time.Clock;
import java.time.Duration;

/**
 * Idle control connections per endpoint. A login costs several round trips (and a TLS handshake),
 * so a connection that ended its last transfer cleanly goes back here instead of being closed.
 *
 * <p>Connecting, the NOOP liveness check and closing happen outside the idle lists' lock. A
 * connection idle longer than {@link #CHECK_AFTER} is checked with NOOP before reuse,
 * since servers drop idle control connections (often with a 421) on their own schedule.
 */
final class FtpPool implements AutoCloseable {

  static final Duration CHECK_AFTER = Duration.ofSeconds(5);
  private static final int MAX_IDLE_PER_ENDPOINT = 16;

  private final FtpConnector connector;
  private final Clock clock;
  private final IdleSessions<FtpEndpoint, FtpSession> idle =
      new IdleSessions<>(MAX_IDLE_PER_ENDPOINT);

  FtpPool(FtpConnector connector, Clock clock) {
    this.connector = connector;
    this.clock = clock;
  }

  /**
   * An idle connection to {@code endpoint} that still answers, or a new one. Every borrowed session
   * must come back through {@link #release} or {@link #discard}. How many are borrowed at once per
   * host is the engine's to bound ({@code ProtocolContext.maxConnectionsPerHost}), not the pool's.
   */
  FtpSession borrow(FtpEndpoint endpoint) throws TransferException {
    while (true) {
      FtpSession session = idle.poll(endpoint);
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
    session.touch(clock.instant());
    if (!idle.offer(session.endpoint(), session)) {
      session.close();
    }
  }

  /** Drops a connection whose state is unknown (a failed or abandoned command). */
  void discard(FtpSession session) {
    session.close();
  }

  int idleCount(FtpEndpoint endpoint) {
    return idle.count(endpoint);
  }

  @Override
  public void close() {
    idle.drain().forEach(FtpSession::close);
  }
}
