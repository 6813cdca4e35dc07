package dev.dlm.testing.http;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SOCKS5 proxy on 127.0.0.1 (CONNECT only, optionally user/password), so clients' SOCKS
 * support is tested against a real handshake. It records every target it connected to.
 */
public final class Socks5Proxy implements AutoCloseable {

  private final ServerSocket server;
  private final String user;
  private final String password;
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Socks5Proxy(String user, String password) throws IOException {
    this.user = user;
    this.password = password;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().name("socks-accept").start(this::acceptLoop);
  }

  /** A proxy that asks for no credentials. */
  public static Socks5Proxy start() throws IOException {
    return new Socks5Proxy(null, null);
  }

  /** A proxy that only accepts {@code user} with {@code password}. */
  public static Socks5Proxy startWithLogin(String user, String password) throws IOException {
    return new Socks5Proxy(user, password);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The {@code host:port} targets connected through this proxy so far. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        Thread.ofVirtual().start(() -> serve(client));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      if (in.readUnsignedByte() != 5) {
        return;
      }
      byte[] methods = new byte[in.readUnsignedByte()];
      in.readFully(methods);
      int wanted = user == null ? 0 : 2;
      if (!contains(methods, wanted)) {
        out.write(new byte[] {5, (byte) 0xFF});
        return;
      }
      out.write(new byte[] {5, (byte) wanted});
      if (wanted == 2 && !loginAccepted(in, out)) {
        return;
      }
      in.readUnsignedByte();
      in.readUnsignedByte();
      in.readUnsignedByte();
      String host =
          switch (in.readUnsignedByte()) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
          };
      int port = in.readUnsignedShort();
      targets.add(host + ":" + port);
      try (Socket upstream = new Socket(host, port)) {
        sockets.add(upstream);
        out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
        out.flush();
        Thread pump = Thread.ofVirtual().start(() -> copy(upstream, client));
        copy(client, upstream);
        pump.join();
      }
    } catch (IOException e) {
      // a side closed: the tunnel is over
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      sockets.remove(client);
    }
  }

  private boolean loginAccepted(DataInputStream in, OutputStream out) throws IOException {
    in.readUnsignedByte();
    String givenUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
    String givenPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
    boolean ok = user.equals(givenUser) && password.equals(givenPassword);
    out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
    return ok;
  }

  private static void copy(Socket from, Socket to) {
    try {
      InputStream in = from.getInputStream();
      in.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      try {
        from.close();
        to.close();
      } catch (IOException ignored) {
        // both are going away
      }
    }
  }

  private static boolean contains(byte[] methods, int method) {
    for (byte m : methods) {
      if (m == method) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed = true;
    ServerSockets.closeWithConnections(server, sockets);
  }
}
