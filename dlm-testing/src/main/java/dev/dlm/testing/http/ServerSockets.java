package dev.dlm.testing.http;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Closing a raw-socket test server: the listening socket and every connection it accepted, stalled
 * ones included, so that a test never waits for a peer that will not hang up. Shared by the servers
 * here and the ones other modules' tests write for themselves.
 */
public final class ServerSockets {

  private ServerSockets() {}

  /** Closes {@code server}, then each of {@code accepted}; ones already closed are fine. */
  public static void closeWithConnections(ServerSocket server, Iterable<Socket> accepted) {
    closeQuietly(server);
    for (Socket socket : accepted) {
      closeQuietly(socket);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
