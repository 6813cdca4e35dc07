package dev.dlm.protocol.http;

import java.io.IOException;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Builds the TLS strategy on the first {@code https://} connection. Loading the system trust store
 * and initialising the TLS context costs a noticeable part of a short command's start-up, and a plain
 * {@code http://} download never needs it.
 */
final class LazyTls implements TlsSocketStrategy {

  private final Supplier<TlsSocketStrategy> factory;
  private volatile TlsSocketStrategy strategy;

  LazyTls(Supplier<TlsSocketStrategy> factory) {
    this.factory = factory;
  }

  @Override
  public SSLSocket upgrade(
      Socket socket, String target, int port, Object attachment, HttpContext context)
      throws IOException {
    return strategy().upgrade(socket, target, port, attachment, context);
  }

  /** The real strategy; racing first callers may each build one, and the last one wins. */
  TlsSocketStrategy strategy() {
    TlsSocketStrategy current = strategy;
    if (current == null) {
      current = factory.get();
      strategy = current;
    }
    return current;
  }

  /** Whether the real strategy was built (for tests). */
  boolean built() {
    return strategy != null;
  }
}
