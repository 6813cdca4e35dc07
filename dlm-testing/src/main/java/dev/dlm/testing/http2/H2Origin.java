package dev.dlm.testing.http2;

import dev.dlm.testing.TestData;
import dev.dlm.testing.http.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.BasicEntityDetails;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncServerExchangeHandler;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.ResponseChannel;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http2.H2StreamResetException;
import org.apache.hc.core5.http2.H2Error;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.IOSession;
import org.apache.hc.core5.reactor.IOSessionListener;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * An HTTPS origin on 127.0.0.1 (ephemeral port, throw-away self-signed certificate) that answers
 * HTTP/2 when the client offers it in ALPN, or only HTTP/1.1 ({@link #startHttp1Only()}). It serves
 * files with single byte ranges, counts the TCP connections it accepted, logs every request with
 * its protocol, and applies {@link H2Fault}s to the first requests of a file.
 */
public final class H2Origin implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, FaultPlan> faults = new ConcurrentHashMap<>();
  private final Map<String, String> requiredAuthorization = new ConcurrentHashMap<>();
  private final List<H2Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final Map<String, AtomicLong> sentByPath =
      new ConcurrentHashMap<>();
  private final HttpAsyncServer server;
  private final int port;

  private record FaultPlan(H2Fault fault, AtomicInteger remaining) {}

  private H2Origin(HttpVersionPolicy policy, int maxConcurrentStreams) throws IOException {
    server =
        H2ServerBootstrap.bootstrap()
            .setH2Config(
                org.apache.hc.core5.http2.config.H2Config.custom()
                    .setMaxConcurrentStreams(maxConcurrentStreams)
                    .build())
            .setVersionPolicy(policy)
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
            .setTlsStrategy(
                new H2ServerTlsStrategy(SelfSignedCertificate.generate().serverContext()))
            .setHttpProcessor(HttpProcessorBuilder.create().build())
            .setIOSessionListener(new Counting())
            .setRequestRouter((request, context) -> Exchange::new)
            .create();
    server.start();
    try {
      ListenerEndpoint endpoint =
          server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTPS).get();
      port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the origin", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot listen on 127.0.0.1", e.getCause());
    }
  }

  /** An origin that answers HTTP/2 to clients that offer it, HTTP/1.1 to the others. */
  public static H2Origin start() throws IOException {
    return new H2Origin(HttpVersionPolicy.NEGOTIATE, 100);
  }

  /** An HTTP/2 origin that allows at most {@code streams} concurrent streams per connection. */
  public static H2Origin startWithMaxStreams(int streams) throws IOException {
    return new H2Origin(HttpVersionPolicy.NEGOTIATE, streams);
  }

  /** An HTTPS origin whose ALPN only ever picks HTTP/1.1. */
  public static H2Origin startHttp1Only() throws IOException {
    return new H2Origin(HttpVersionPolicy.FORCE_HTTP_1, 100);
  }

  public URI uri(String path) {
    return URI.create("https://127.0.0.1:" + port + path);
  }

  public void serve(String path, byte[] content) {
    files.put(path, content);
  }

  /** Serves {@code sizeBytes} generated from {@code seed} and returns them. */
  public byte[] serveGenerated(String path, long seed, int sizeBytes) {
    byte[] content = TestData.bytes(seed, sizeBytes);
    serve(path, content);
    return content;
  }

  /** Answers 401 with a Basic challenge unless the request carries {@code user:password}. */
  public void requireBasic(String path, String user, String password) {
    byte[] pair = (user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    String token = java.util.Base64.getEncoder().encodeToString(pair);
    requiredAuthorization.put(path, "Basic " + token);
  }

  /** Applies {@code fault} to the next {@code times} GETs of {@code path}. */
  public void fault(String path, H2Fault fault, int times) {
    faults.put(path, new FaultPlan(fault, new AtomicInteger(times)));
  }

  /** Body bytes handed to the connection for {@code path} so far, over all its requests. */
  public long bodyBytesSent(String path) {
    AtomicLong sent = sentByPath.get(path);
    return sent == null ? 0 : sent.get();
  }

  /** TCP connections accepted so far (each carries one TLS session). */
  public int connectionsAccepted() {
    return connections.get();
  }

  public List<H2Request> requests() {
    return List.copyOf(requests);
  }

  public List<H2Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  @Override
  public void close() {
    server.close(CloseMode.IMMEDIATE);
  }

  private Optional<H2Fault> takeFault(String path) {
    FaultPlan plan = faults.get(path);
    if (plan == null || plan.remaining().getAndDecrement() <= 0) {
      return Optional.empty();
    }
    return Optional.of(plan.fault());
  }

  private final class Counting implements IOSessionListener {
    @Override
    public void connected(IOSession session) {
      connections.incrementAndGet();
    }

    @Override
    public void startTls(IOSession session) {}

    @Override
    public void inputReady(IOSession session) {}

    @Override
    public void outputReady(IOSession session) {}

    @Override
    public void timeout(IOSession session) {}

    @Override
    public void exception(IOSession session, Exception cause) {}

    @Override
    public void disconnected(IOSession session) {}
  }

  /** One request: headers first, then the body a slice at a time as the stream's window allows. */
  private final class Exchange implements AsyncServerExchangeHandler {
    private ByteBuffer body = ByteBuffer.allocate(0);
    private long stopAtBytes = -1;
    private H2Fault fault;
    private long sentBytes;
    private AtomicLong sentForPath = new AtomicLong();

    @Override
    public void handleRequest(
        HttpRequest request,
        EntityDetails entityDetails,
        ResponseChannel channel,
        HttpContext context)
        throws org.apache.hc.core5.http.HttpException, IOException {
      String path = request.getPath();
      int query = path.indexOf('?');
      path = query < 0 ? path : path.substring(0, query);
      Optional<String> range =
          Optional.ofNullable(request.getFirstHeader("Range")).map(Header::getValue);
      String protocol = context.getProtocolVersion().toString();
      Map<String, String> headers = new java.util.HashMap<>();
      for (Header header : request.getHeaders()) {
        headers.putIfAbsent(header.getName().toLowerCase(java.util.Locale.ROOT), header.getValue());
      }
      requests.add(new H2Request(request.getMethod(), path, protocol, range, Map.copyOf(headers)));
      byte[] content = files.get(path);
      sentForPath = sentByPath.computeIfAbsent(path, p -> new AtomicLong());
      String required = requiredAuthorization.get(path);
      if (required != null && !required.equals(headers.get("authorization"))) {
        BasicHttpResponse challenge = new BasicHttpResponse(401);
        challenge.addHeader("WWW-Authenticate", "Basic realm=\"h2\"");
        challenge.addHeader("Content-Length", "0");
        channel.sendResponse(challenge, null, context);
        return;
      }
      if (content == null) {
        BasicHttpResponse notFound = new BasicHttpResponse(404);
        notFound.addHeader("Content-Length", "0");
        channel.sendResponse(notFound, null, context);
        return;
      }
      boolean head = request.getMethod().equals("HEAD");
      fault = head ? null : takeFault(path).orElse(null);
      int from = 0;
      int to = content.length;
      BasicHttpResponse response = new BasicHttpResponse(200);
      Matcher ranged = range.map(RANGE::matcher).filter(Matcher::matches).orElse(null);
      if (ranged != null && !(fault instanceof H2Fault.IgnoreRange)) {
        from = Integer.parseInt(ranged.group(1));
        to =
            ranged.group(2).isEmpty()
                ? content.length
                : Math.min(content.length, Integer.parseInt(ranged.group(2)) + 1);
        response = new BasicHttpResponse(206);
        response.addHeader(
            "Content-Range", "bytes " + from + "-" + (to - 1) + "/" + content.length);
      }
      response.addHeader("Accept-Ranges", "bytes");
      response.addHeader("ETag", "\"" + content.length + "-" + path.hashCode() + "\"");
      response.addHeader("Content-Length", Integer.toString(to - from));
      body = ByteBuffer.wrap(content, from, to - from).slice();
      stopAtBytes =
          switch (fault) {
            case H2Fault.ResetAfter r -> r.bodyBytes();
            case H2Fault.Truncate t -> t.bodyBytes();
            case H2Fault.Stall s -> s.afterBytes();
            case null, default -> -1;
          };
      if (head || to == from) {
        channel.sendResponse(response, null, context);
      } else {
        channel.sendResponse(
            response,
            new BasicEntityDetails(to - from, ContentType.APPLICATION_OCTET_STREAM),
            context);
      }
    }

    @Override
    public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
      capacityChannel.update(Integer.MAX_VALUE);
    }

    @Override
    public void consume(ByteBuffer src) {}

    @Override
    public void streamEnd(List<? extends Header> trailers) {}

    @Override
    public int available() {
      if (stopAtBytes >= 0 && sentBytes >= stopAtBytes && fault instanceof H2Fault.Stall) {
        return 0;
      }
      return Math.max(1, body.remaining());
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
      if (stopAtBytes >= 0 && sentBytes >= stopAtBytes) {
        switch (fault) {
          case H2Fault.ResetAfter r ->
              throw new H2StreamResetException(H2Error.INTERNAL_ERROR, "reset by the test origin");
          case H2Fault.Truncate t -> {
            channel.endStream(null);
            return;
          }
          default -> {
            return;
          }
        }
      }
      if (!body.hasRemaining()) {
        channel.endStream(null);
        return;
      }
      ByteBuffer slice = body.slice();
      int limit = Math.min(slice.remaining(), 16 * 1024);
      if (stopAtBytes >= 0) {
        limit = (int) Math.min(limit, stopAtBytes - sentBytes);
      }
      slice.limit(limit);
      int written = channel.write(slice);
      body.position(body.position() + written);
      sentBytes += written;
      sentForPath.addAndGet(written);
      if (!body.hasRemaining() && stopAtBytes < 0) {
        channel.endStream(null);
      }
    }

    @Override
    public void failed(Exception cause) {}

    @Override
    public void releaseResources() {}
  }
}
