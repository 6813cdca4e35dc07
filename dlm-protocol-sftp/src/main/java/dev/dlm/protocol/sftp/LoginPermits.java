package dev.dlm.protocol.sftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many SSH logins to one host are in flight at once, across every download. The engine
 * bounds the sessions in use per host, but it cannot see a handshake: OpenSSH drops unauthenticated
 * connections beyond {@code MaxStartups}, so the pool lets only a few log in together. A caller
 * waits up to {@code wait} for a permit, then gets {@link ErrorKind#TOO_MANY_CONNECTIONS}, which
 * tells the engine to use fewer.
 */
final class LoginPermits {

  private final int perHost;
  private final Duration wait;
  private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();

  LoginPermits(int perHost, Duration wait) {
    this.perHost = perHost;
    this.wait = wait;
  }

  void acquire(String host) throws TransferException {
    Semaphore permits = hosts.computeIfAbsent(host, h -> new Semaphore(perHost, true));
    try {
      if (!permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new TransferException(
            ErrorKind.TOO_MANY_CONNECTIONS,
            "all "
                + perHost
                + " logins to "
                + host
                + " stayed in flight for "
                + wait.toSeconds()
                + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(ErrorKind.CANCELLED, "interrupted while waiting for " + host);
    }
  }

  void release(String host) {
    Semaphore permits = hosts.get(host);
    if (permits != null) {
      permits.release();
    }
  }
}
