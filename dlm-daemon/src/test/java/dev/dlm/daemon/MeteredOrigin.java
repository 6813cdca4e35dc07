package dev.dlm.daemon;

import dev.dlm.testing.http.OriginRequest;
import dev.dlm.testing.http.ServerSockets;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 origin on 127.0.0.1 that meters what it sends <em>as it sends it</em>: body bytes
 * written so far, when the last one was written, and how many responses are streaming at this
 * moment (in all and per file). dlm-testing's {@code HttpOrigin} logs a response's bytes when it
 * ends, which cannot show a rate over a window, a byte sent after a pause, or how many connections
 * are open at once; the daemon's claims about those are checked here, at the server.
 *
 * <p>Every answer closes its connection, so a connection is open exactly while its response
 * streams, and the socket's send buffer is small, so bytes counted here are close to bytes the
 * client has read. Files can be real content or a long generated pattern (no memory), paced per
 * connection, or made to fail with 503 for the next requests or for good.
 */
final class MeteredOrigin implements AutoCloseable {

  private static final int CHUNK_BYTES = 4 << 10;
  private static final int SEND_BUFFER_BYTES = 256 << 10;
  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  /** One served file. */
  static final class File {
    private final byte[] content;
    private final long lengthBytes;
    private volatile long throttleBytesPerSecond;
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger streaming = new AtomicInteger();
    private final List<Long> headNanos = new CopyOnWriteArrayList<>();

    private File(byte[] content, long lengthBytes) {
      this.content = content;
      this.lengthBytes = lengthBytes;
    }

    /** Sends every response body at no more than {@code bytesPerSecond} (0: as fast as it can). */
    File throttle(long bytesPerSecond) {
      throttleBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Answers the next {@code requests} requests (HEAD or GET) with 503. */
    File failNext(int requests) {
      failures.set(requests);
      return this;
    }

    /** Answers every request with 503 from now on (until {@link #recover}). */
    File failAlways() {
      return failNext(Integer.MAX_VALUE);
    }

    File recover() {
      return failNext(0);
    }

    /**
     * When each HEAD request for this file arrived ({@link System#nanoTime}), in order: dlm's HTTP
     * probe starts with one, so these are the starts of the engine's runs.
     */
    List<Long> headNanos() {
      return List.copyOf(headNanos);
    }

    private void fill(byte[] buffer, long offset, int length) {
      if (content != null) {
        System.arraycopy(content, (int) offset, buffer, 0, length);
      } else {
        for (int i = 0; i < length; i++) {
          long at = offset + i;
          buffer[i] = (byte) (at ^ (at >>> 8) ^ (at >>> 16));
        }
      }
    }
  }

  private final ServerSocket server;
  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong lastSentNanos = new AtomicLong();
  private final AtomicInteger streaming = new AtomicInteger();
  private final AtomicInteger maxStreaming = new AtomicInteger();
  private final AtomicInteger maxFilesStreaming = new AtomicInteger();
  private volatile boolean closed;

  private MeteredOrigin(ServerSocket server) {
    this.server = server;
    Thread.ofVirtual().name("metered-accept").start(this::acceptLoop);
  }

  static MeteredOrigin start() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    return new MeteredOrigin(socket);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  /** Serves {@code content} at {@code path}. */
  File serve(String path, byte[] content) {
    File file = new File(content, content.length);
    files.put(path, file);
    return file;
  }

  /** Serves {@code lengthBytes} of a generated pattern at {@code path}, held in no memory. */
  File serveGenerated(String path, long lengthBytes) {
    File file = new File(null, lengthBytes);
    files.put(path, file);
    return file;
  }

  /** Body bytes written to sockets so far, over every response. */
  long sentBytes() {
    return sentBytes.get();
  }

  /** When the last body byte was written ({@link System#nanoTime}); 0 before the first. */
  long lastSentNanos() {
    return lastSentNanos.get();
  }

  /** Responses streaming a body right now (each on its own connection). */
  int streaming() {
    return streaming.get();
  }

  /** The most responses that ever streamed at once. */
  int maxStreaming() {
    return maxStreaming.get();
  }

  /** The most distinct files that ever had a response streaming at the same moment. */
  int maxFilesStreaming() {
    return maxFilesStreaming.get();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().name("metered-conn").start(() -> serve(socket));
      } catch (IOException e) {
        // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      socket.setSendBufferSize(SEND_BUFFER_BYTES);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OriginRequest request = OriginRequest.read(in);
      if (request == null) {
        return;
      }
      answer(
          in,
          socket.getOutputStream(),
          request.method(),
          request.target(),
          request.header("range").orElse(null));
    } catch (IOException e) {
      // the client closed the connection: nothing more to send
    } finally {
      open.remove(socket);
    }
  }

  private void answer(InputStream in, OutputStream out, String method, String path, String range)
      throws IOException {
    File file = files.get(path);
    if (file == null) {
      head(out, "404 Not Found", "Content-Length: 0");
      return;
    }
    if (method.equals("HEAD")) {
      file.headNanos.add(System.nanoTime());
    }
    if (file.failures.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0) {
      head(out, "503 Service Unavailable", "Content-Length: 0");
      return;
    }
    long first = 0;
    long last = file.lengthBytes - 1;
    String status = "200 OK";
    String contentRange = "";
    if (range != null) {
      Matcher m = RANGE.matcher(range);
      if (m.matches()) {
        first = Long.parseLong(m.group(1));
        if (!m.group(2).isEmpty()) {
          last = Math.min(last, Long.parseLong(m.group(2)));
        }
        if (first > last) {
          head(
              out,
              "416 Range Not Satisfiable",
              "Content-Range: bytes */" + file.lengthBytes + "\r\nContent-Length: 0");
          return;
        }
        status = "206 Partial Content";
        contentRange =
            "\r\nContent-Range: bytes " + first + "-" + last + "/" + file.lengthBytes;
      }
    }
    head(
        out,
        status,
        "Content-Length: "
            + (last - first + 1)
            + "\r\nAccept-Ranges: bytes\r\nETag: \"metered\"\r\nContent-Type:"
            + " application/octet-stream"
            + contentRange);
    if (method.equals("GET")) {
      body(in, out, file, first, last);
    }
  }

  /**
   * Streams the body. A response counts as streaming from its first byte until its last chunk is
   * written or the client closes the connection, whichever is first: a watcher reads the (otherwise silent)
   * request side so a close is seen at once, not at the next paced write.
   */
  private void body(InputStream in, OutputStream out, File file, long first, long last)
      throws IOException {
    enter(file);
    AtomicBoolean left = new AtomicBoolean();
    Runnable leave =
        () -> {
          if (left.compareAndSet(false, true)) {
            streaming.decrementAndGet();
            file.streaming.decrementAndGet();
          }
        };
    Thread.ofVirtual()
        .name("metered-watch")
        .start(
            () -> {
              try {
                while (in.read() >= 0) {
                  // a client sends nothing after its request; wait for its close
                }
              } catch (IOException e) {
                // reset by the client, or closed by us
              }
              leave.run();
            });
    try {
      byte[] chunk = new byte[CHUNK_BYTES];
      long start = System.nanoTime();
      long sent = 0;
      for (long at = first; at <= last && !closed; ) {
        int n = (int) Math.min(CHUNK_BYTES, last - at + 1);
        file.fill(chunk, at, n);
        if (at + n > last) {
          // The client may read this last chunk, close and open its next connection before this
          // thread runs again: the response ends, as far as counting goes, before its last write.
          leave.run();
        }
        out.write(chunk, 0, n);
        out.flush();
        at += n;
        sent += n;
        sentBytes.addAndGet(n);
        lastSentNanos.set(System.nanoTime());
        long rate = file.throttleBytesPerSecond;
        if (rate > 0) {
          long due = start + (long) (sent * 1e9 / rate);
          long ahead = due - System.nanoTime();
          if (ahead > 0) {
            LockSupport.parkNanos(ahead); // pacing the server, not waiting in the test
          }
        }
      }
    } finally {
      leave.run();
    }
  }

  private void enter(File file) {
    maxStreaming.accumulateAndGet(streaming.incrementAndGet(), Math::max);
    file.streaming.incrementAndGet();
    int together = (int) files.values().stream().filter(f -> f.streaming.get() > 0).count();
    maxFilesStreaming.accumulateAndGet(together, Math::max);
  }

  private static void head(OutputStream out, String status, String headers) throws IOException {
    out.write(
        ("HTTP/1.1 " + status + "\r\n" + headers + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  @Override
  public void close() {
    closed = true;
    ServerSockets.closeWithConnections(server, open);
  }
}
