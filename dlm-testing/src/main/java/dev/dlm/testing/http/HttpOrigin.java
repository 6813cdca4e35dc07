package dev.dlm.testing.http;

import dev.dlm.testing.TestData;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * A fault-injecting HTTP/1.1 origin on 127.0.0.1 for tests.
 *
 * <p>Why not the JDK's HttpServer: it cannot reset a connection mid-body, lie in Content-Range,
 * send more than it declared, or stall, and those faults are what a download manager must survive.
 * This origin writes raw HTTP/1.1 on plain sockets, one virtual thread per connection, with
 * keep-alive, so tests can also observe connection reuse. Every request is logged with the body
 * bytes actually sent, so a resume test can assert how much was fetched again.
 *
 * <p>Run {@link #main} to use it as a standalone process in integration tests.
 */
public final class HttpOrigin implements AutoCloseable {

  /** A redirect the origin answers for one path; {@code location} is sent verbatim. */
  record Redirect(int status, String location) {}

  private final ServerSocket server;
  private final String scheme;
  private final Map<String, OriginFile> files = new ConcurrentHashMap<>();
  private final Map<String, Redirect> redirects = new ConcurrentHashMap<>();
  private final List<LoggedRequest> log = new CopyOnWriteArrayList<>();
  private final List<Consumer<LoggedRequest>> listeners = new CopyOnWriteArrayList<>();
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connectionIds = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private HttpOrigin(ServerSocket server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    this.acceptor = Thread.ofVirtual().name("origin-accept").start(this::acceptLoop);
  }

  /** Starts a plain HTTP origin on an ephemeral port of 127.0.0.1. */
  public static HttpOrigin start() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    return new HttpOrigin(socket, "http");
  }

  /**
   * Starts an HTTPS origin with a freshly generated self-signed certificate for 127.0.0.1 and
   * localhost: clients that verify certificates must refuse it, {@code --insecure} ones accept it.
   */
  public static HttpOrigin startTls() throws IOException {
    SSLContext context = SelfSignedCertificate.generate().serverContext();
    ServerSocket socket = context.getServerSocketFactory().createServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    return new HttpOrigin(socket, "https");
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The absolute URL of {@code path} on this origin, e.g. {@code http://127.0.0.1:4711/a.bin}. */
  public URI uri(String path) {
    return URI.create(scheme + "://127.0.0.1:" + port() + path);
  }

  /** Serves {@code content} at {@code path}; returns the file to configure faults on. */
  public OriginFile serve(String path, byte[] content) {
    OriginFile file = new OriginFile(content);
    files.put(path, file);
    return file;
  }

  /** Serves {@code sizeBytes} of deterministic data from {@code seed} at {@code path}. */
  public OriginFile serveGenerated(String path, long seed, int sizeBytes) {
    return serve(path, TestData.bytes(seed, sizeBytes));
  }

  /** The file served at {@code path}. */
  public OriginFile file(String path) {
    OriginFile file = files.get(path);
    if (file == null) {
      throw new IllegalArgumentException("nothing is served at " + path);
    }
    return file;
  }

  /**
   * Answers requests for {@code from} with {@code status} (301, 302, 307...) to {@code location}.
   */
  public HttpOrigin redirect(String from, int status, String location) {
    redirects.put(from, new Redirect(status, location));
    return this;
  }

  /** Every request answered so far, in the order they were answered. */
  public List<LoggedRequest> requests() {
    return List.copyOf(log);
  }

  /** The requests answered so far for {@code path}. */
  public List<LoggedRequest> requests(String path) {
    return log.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** Body bytes sent so far for {@code path}, over every request. */
  public long bodyBytesSent(String path) {
    return requests(path).stream().mapToLong(LoggedRequest::bodyBytesSent).sum();
  }

  /** How many connections the origin accepted so far. */
  public int connectionsAccepted() {
    return connectionIds.get();
  }

  /** Calls {@code listener} for every answered request (the standalone process prints them). */
  public void onRequest(Consumer<LoggedRequest> listener) {
    listeners.add(listener);
  }

  Optional<Redirect> redirectFor(String path) {
    return Optional.ofNullable(redirects.get(path));
  }

  OriginFile fileAt(String path) {
    return files.get(path);
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket socket = server.accept();
        int id = connectionIds.incrementAndGet();
        connections.add(socket);
        Thread.ofVirtual().name("origin-conn-" + id).start(() -> serveConnection(socket, id));
      } catch (IOException e) {
        if (!closed) {
          System.err.println("origin: accept failed: " + e.getMessage());
        }
      }
    }
  }

  private void serveConnection(Socket socket, int connectionId) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
      OriginResponder responder =
          new OriginResponder(this, socket, in, out, connectionId, this::record);
      boolean keepAlive = true;
      while (keepAlive && !closed) {
        OriginRequest request = OriginRequest.read(in);
        keepAlive = request != null && responder.respond(request);
      }
    } catch (IOException e) {
      // the client went away or a fault closed the socket: nothing to answer any more
    } finally {
      connections.remove(socket);
    }
  }

  private void record(LoggedRequest request) {
    log.add(request);
    listeners.forEach(listener -> listener.accept(request));
  }

  /** Stops accepting and closes every open connection (stalled ones included). */
  @Override
  public void close() {
    closed = true;
    ServerSockets.closeWithConnections(server, connections);
    acceptor.interrupt();
  }

  /**
   * Serves files on 127.0.0.1 until killed, printing {@code port=N} first and, with {@code --log},
   * one line per answered request. Flags:
   *
   * <pre>
   *   --dir DIR              serve every regular file under DIR at /relative/path
   *   --generate NAME:SIZE[:SEED]   serve SIZE bytes of seeded data at /NAME (repeatable)
   *   --tls                  HTTPS with a generated self-signed certificate
   *   --no-ranges            no Accept-Ranges; Range is ignored (200)
   *   --no-length            no Content-Length; bodies end at connection close
   *   --refuse-head          HEAD answers 405
   *   --drop-after N         reset every GET's connection after N body bytes
   *   --drop-requests K      ... only for the first K GETs of each file
   *   --throttle BPS         at most BPS body bytes per second per connection
   *   --log                  print each request
   * </pre>
   */
  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    HttpOrigin origin = options.tls() ? startTls() : start();
    for (Map.Entry<String, byte[]> entry : options.files().entrySet()) {
      OriginFile file = origin.serve(entry.getKey(), entry.getValue());
      file.acceptRanges(!options.noRanges()).contentLength(!options.noLength());
      if (options.refuseHead()) {
        file.refuseHead();
      }
      if (options.dropAfterBytes() >= 0) {
        file.fault(Fault.dropAfter(options.dropAfterBytes()), options.dropRequests());
      }
      if (options.throttleBytesPerSecond() > 0) {
        file.fault(Fault.throttle(options.throttleBytesPerSecond()));
      }
    }
    if (options.log()) {
      origin.onRequest(request -> System.out.println(request));
    }
    System.out.println("port=" + origin.port());
    System.out.flush();
    Thread.currentThread().join();
  }

  private record Options(
      Map<String, byte[]> files,
      boolean tls,
      boolean noRanges,
      boolean noLength,
      boolean refuseHead,
      long dropAfterBytes,
      int dropRequests,
      long throttleBytesPerSecond,
      boolean log) {

    static Options parse(String[] args) throws IOException {
      Map<String, byte[]> files = new java.util.LinkedHashMap<>();
      boolean tls = false;
      boolean noRanges = false;
      boolean noLength = false;
      boolean refuseHead = false;
      long dropAfter = -1;
      int dropRequests = Integer.MAX_VALUE;
      long throttle = 0;
      boolean log = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--dir" -> addDirectory(Path.of(args[++i]), files);
          case "--generate" -> {
            String[] spec = args[++i].split(":");
            long seed = spec.length > 2 ? Long.parseLong(spec[2]) : 1;
            files.put("/" + spec[0], TestData.bytes(seed, Integer.parseInt(spec[1])));
          }
          case "--tls" -> tls = true;
          case "--no-ranges" -> noRanges = true;
          case "--no-length" -> noLength = true;
          case "--refuse-head" -> refuseHead = true;
          case "--drop-after" -> dropAfter = Long.parseLong(args[++i]);
          case "--drop-requests" -> dropRequests = Integer.parseInt(args[++i]);
          case "--throttle" -> throttle = Long.parseLong(args[++i]);
          case "--log" -> log = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      return new Options(
          files, tls, noRanges, noLength, refuseHead, dropAfter, dropRequests, throttle, log);
    }

    private static void addDirectory(Path root, Map<String, byte[]> files) throws IOException {
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path path : paths.filter(Files::isRegularFile).toList()) {
          String relative = root.relativize(path).toString().replace('\\', '/');
          files.put("/" + relative, Files.readAllBytes(path));
        }
      }
    }
  }
}
