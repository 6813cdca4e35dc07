package dev.dlm.protocol.http;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Header;
import dev.dlm.spi.Netrc;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.spi.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;

/**
 * HTTP(S) for the engine.
 *
 * <p>Design note. A probe asks HEAD first because it costs no body; servers that refuse HEAD, omit
 * the length or do not advertise ranges get a second chance with {@code GET Range: bytes=0-0},
 * whose 206 and Content-Range prove range support better than any header. Opening a range checks
 * the status and Content-Range before the first byte reaches the engine, so a server that ignores
 * the range, answers a different one, sends more than asked or serves a changed file is caught
 * before anything is written. Credentials from the URL are sent preemptively to their own host
 * only; netrc credentials answer challenges (Basic or Digest) from any host they name. Probes and
 * whole small files ride the origin's shared HTTP/2 connection when it offers one ({@link
 * Http2Transport}); parts of segmented files keep one HTTP/1.1 connection each. Both paths run
 * the same checks on the same {@link Exchange}.
 */
final class HttpProtocol implements Protocol {

  /**
   * Whole files up to this size are fetched over the origin's shared HTTP/2 connection; the
   * engine plans them as one part anyway, and beyond it files are split into parts of their own.
   */
  static final long SMALL_FILE_BYTES = 16L << 20;

  private final ProtocolContext context;
  private final Map<String, String> environment;
  private final BasicCookieStore cookies;
  private final Netrc netrc;
  private final ReentrantLock transportLock = new ReentrantLock();
  private volatile HttpTransport transport; // built by the first request: see transport()
  private boolean closed; // guarded by transportLock

  HttpProtocol(ProtocolContext context) {
    this(context, System.getenv());
  }

  HttpProtocol(ProtocolContext context, Map<String, String> environment) {
    this.context = context;
    this.environment = environment;
    this.cookies = HttpTransport.cookieStore(context);
    this.netrc = loadNetrc(context);
  }

  /**
   * The clients, built on first use: every engine makes every protocol, and building HttpClient's
   * pools, TLS strategy and cookie rules (the public suffix list) cost an FTP or SFTP download
   * about 0.05 s and 0.13 CPU s of start-up for clients it never used.
   */
  private HttpTransport transport() throws TransferException {
    HttpTransport built = transport;
    if (built != null) {
      return built;
    }
    transportLock.lock();
    try {
      if (closed) {
        throw new TransferException(ErrorKind.CANCELLED, "the HTTP protocol is closed");
      }
      if (transport == null) {
        transport = HttpTransport.create(context, environment, cookies);
      }
      return transport;
    } finally {
      transportLock.unlock();
    }
  }

  @Override
  public Resource probe(Source source) throws TransferException {
    URI target = requestTarget(source.uri());
    Exchange head = execute("HEAD", List.of(), source, target, true);
    try {
      if (head.status() / 100 == 2) {
        long length = head.contentLengthBytes();
        String ranges = head.header("Accept-Ranges").orElse("").toLowerCase(Locale.ROOT);
        if (length > 0 && ranges.contains("bytes")) {
          return resource(head, length, true);
        }
        if (length > 0 && ranges.equals("none")) {
          return resource(head, length, false);
        }
      }
    } finally {
      head.release();
    }
    return probeWithRangedGet(source, target);
  }

  /** Asks for the first byte: a 206 proves ranges work and names the total length. */
  private RangedResource probeWithRangedGet(Source source, URI target) throws TransferException {
    Exchange exchange =
        execute("GET", List.of(new Header("Range", "bytes=0-0")), source, target, true);
    try {
      int status = exchange.status();
      Optional<ContentRange> contentRange =
          exchange.header("Content-Range").flatMap(ContentRange::parse);
      if (status == 206 && contentRange.isPresent() && contentRange.get().firstByte() == 0) {
        RangedResource resource = resource(exchange, contentRange.get().totalBytes(), true);
        consumeSmallBody(exchange);
        return resource;
      }
      if (status == 200) {
        return resource(exchange, exchange.contentLengthBytes(), false);
      }
      if (status == 416 && contentRange.map(r -> r.totalBytes() == 0).orElse(false)) {
        return resource(exchange, 0, false);
      }
      if (status == 206) {
        throw new TransferException(
            ErrorKind.PROTOCOL_ERROR,
            "the server at "
                + SafeUri.display(target)
                + " answered a range request without a"
                + " valid Content-Range");
      }
      throw Failures.forStatus(exchange.response(), exchange.location(), context.clock());
    } finally {
      exchange.abort();
    }
  }

  @Override
  public RangeStream open(Source source, RangedResource resource, ByteRange range)
      throws TransferException {
    URI target = requestTarget(resource.location());
    if (range.bounded() && range.lengthBytes() == 0) {
      return emptyStream();
    }
    boolean ranged = !range.isAll();
    List<Header> conditions = new ArrayList<>();
    if (ranged) {
      conditions.add(
          new Header(
              "Range",
              "bytes=" + range.startByte() + "-" + (range.bounded() ? range.endByte() - 1 : "")));
      ifRange(resource.validator())
          .ifPresent(value -> conditions.add(new Header("If-Range", value)));
    }
    Exchange exchange = execute("GET", conditions, source, target, wholeSmallFile(resource, range));
    try {
      long expectedBytes = checkedBodyLength(exchange, resource, range, ranged);
      InputStream in = exchange.content();
      boolean framedExactly = expectedBytes < 0 || exchange.contentLengthBytes() == expectedBytes;
      return new HttpRangeStream(
          exchange, new RangeBody(in, expectedBytes, exchange.location()), framedExactly);
    } catch (TransferException e) {
      exchange.abort();
      throw e;
    } catch (IOException e) {
      exchange.abort();
      throw Failures.forException(e, target);
    }
  }

  /**
   * Checks that the answer is the range asked for, of the file probed, and returns how many body
   * bytes belong to it (-1: until the server closes).
   */
  private long checkedBodyLength(
      Exchange exchange, RangedResource resource, ByteRange range, boolean ranged)
      throws TransferException {
    int status = exchange.status();
    URI where = exchange.location();
    long declaredBytes = exchange.contentLengthBytes();
    if (status == 206 && ranged) {
      ContentRange answered =
          exchange
              .header("Content-Range")
              .flatMap(ContentRange::parse)
              .filter(r -> r.firstByte() >= 0)
              .orElseThrow(() -> rangeIgnored(where, range, "no valid Content-Range"));
      if (answered.totalBytes() >= 0
          && resource.lengthKnown()
          && answered.totalBytes() != resource.lengthBytes()) {
        throw remoteChanged(
            where,
            "its length changed from "
                + resource.lengthBytes()
                + " to "
                + answered.totalBytes()
                + " bytes");
      }
      if (contradicts(resource.validator(), validatorOf(exchange, answered.totalBytes()))) {
        throw remoteChanged(where, "its ETag or Last-Modified changed");
      }
      long expectedLast =
          range.bounded()
              ? range.endByte() - 1
              : resource.lengthKnown() ? resource.lengthBytes() - 1 : answered.lastByte();
      if (answered.firstByte() != range.startByte() || answered.lastByte() != expectedLast) {
        throw rangeIgnored(where, range, "the server sent " + answered);
      }
      if (declaredBytes >= 0 && declaredBytes != answered.lengthBytes()) {
        throw rangeIgnored(
            where, range, "Content-Length " + declaredBytes + " does not match " + answered);
      }
      return answered.lengthBytes();
    }
    if (status == 200) {
      Validator current = validatorOf(exchange, declaredBytes);
      if (ranged) {
        throw contradicts(resource.validator(), current)
            ? remoteChanged(where, "If-Range did not match")
            : rangeIgnored(where, range, "the server sent the whole file (200)");
      }
      if (resource.lengthKnown() && declaredBytes >= 0 && declaredBytes != resource.lengthBytes()) {
        throw remoteChanged(
            where,
            "its length changed from "
                + resource.lengthBytes()
                + " to "
                + declaredBytes
                + " bytes");
      }
      return declaredBytes >= 0 ? declaredBytes : resource.lengthBytes();
    }
    if (status >= 300) {
      throw Failures.forStatus(exchange.response(), where, context.clock());
    }
    throw new TransferException(
        ErrorKind.PROTOCOL_ERROR, "unexpected HTTP " + status + " for " + SafeUri.display(where));
  }

  /** Whether a field both sides know differs: length, else ETag, else Last-Modified. */
  static boolean contradicts(Validator probed, Validator current) {
    if (probed.lengthBytes() >= 0
        && current.lengthBytes() >= 0
        && probed.lengthBytes() != current.lengthBytes()) {
      return true;
    }
    if (probed.etag().isPresent() && current.etag().isPresent()) {
      return !weakless(probed.etag().get()).equals(weakless(current.etag().get()));
    }
    if (probed.lastModified().isPresent() && current.lastModified().isPresent()) {
      return !probed.lastModified().get().equals(current.lastModified().get());
    }
    return false;
  }

  private static String weakless(String etag) {
    return etag.startsWith("W/") ? etag.substring(2) : etag;
  }

  /** If-Range needs a strong validator: a strong ETag, else Last-Modified. */
  private static Optional<String> ifRange(Validator validator) {
    return validator.etag().filter(etag -> !etag.startsWith("W/")).or(validator::lastModified);
  }

  private RangedResource resource(Exchange exchange, long lengthBytes, boolean rangeable) {
    return new RangedResource(
        exchange.location(),
        lengthBytes,
        rangeable,
        validatorOf(exchange, lengthBytes),
        exchange
            .header("Content-Disposition")
            .flatMap(ContentDisposition::fileName)
            .or(() -> lastPathSegment(exchange.location())),
        AdvertisedDigest.of(exchange.response()));
  }

  private static Validator validatorOf(Exchange exchange, long lengthBytes) {
    return new Validator(exchange.header("ETag"), exchange.header("Last-Modified"), lengthBytes);
  }

  private static Optional<String> lastPathSegment(URI uri) {
    String path = uri.getPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return Optional.empty();
    }
    return Optional.of(path.substring(path.lastIndexOf('/') + 1));
  }

  /**
   * Whether the request fetches a whole small file in one go: those gain from sharing one HTTP/2
   * connection per origin. Parts of a segmented file do not: each wants its own TCP connection (see
   * the class note of {@link Http2Transport} and docs/protocols/http.md).
   */
  static boolean wholeSmallFile(RangedResource resource, ByteRange range) {
    return range.startByte() == 0
        && resource.lengthKnown()
        && resource.lengthBytes() <= SMALL_FILE_BYTES
        && (!range.bounded() || range.endByte() == resource.lengthBytes());
  }

  /**
   * Sends the request with the conditions (Range, If-Range), the source's headers and credentials;
   * the response stays open. {@code multiplexable} requests go over the origin's shared HTTP/2
   * connection when it has one (https, no proxy, HTTP/2 not turned off), the others over the
   * HTTP/1.1 pool.
   */
  private Exchange execute(
      String method, List<Header> conditions, Source source, URI target, boolean multiplexable)
      throws TransferException {
    HttpTransport clients = transport();
    Optional<Http2Transport> http2 =
        clients
            .http2()
            .filter(
                h2 ->
                    multiplexable && h2.mayTry(target) && Http2Transport.carries(source.headers()));
    if (http2.isPresent()
        && clients.proxies().proxyFor(target.getScheme(), target.getHost()).isEmpty()) {
      List<Header> headers = new ArrayList<>(conditions);
      headers.addAll(source.headers());
      Optional<Exchange> multiplexed =
          http2.get().execute(method, target, headers, exchangeContext(source, target, clients.proxies()));
      if (multiplexed.isPresent()) {
        return multiplexed.get();
      }
    }
    HttpUriRequestBase request = method.equals("HEAD") ? new HttpHead(target) : new HttpGet(target);
    for (Header header : conditions) {
      request.setHeader(header.name(), header.value());
    }
    for (Header header : source.headers()) {
      request.addHeader(header.name(), header.value());
    }
    HttpClientContext exchangeContext = exchangeContext(source, target, clients.proxies());
    try {
      ClassicHttpResponse response = clients.client().executeOpen(null, request, exchangeContext);
      List<URI> redirects =
          exchangeContext.getRedirectLocations() == null
              ? List.of()
              : exchangeContext.getRedirectLocations().getAll();
      URI location = redirects.isEmpty() ? target : redirects.getLast();
      return new Exchange(response, location, new PooledBody(request, response));
    } catch (IOException e) {
      throw Failures.forException(e, target);
    }
  }

  /** Credentials for one exchange: the URL's, sent preemptively to their own host, then netrc. */
  private HttpClientContext exchangeContext(Source source, URI target, ProxySettings proxies) {
    HttpClientContext exchangeContext = HttpClientContext.create();
    Optional<CredentialLookup.Target> urlCredentials =
        CredentialLookup.fromUserInfo(source.uri(), defaultPort(source.uri()), netrc);
    exchangeContext.setCredentialsProvider(
        new CredentialLookup(urlCredentials, netrc, proxyCredentials(target, proxies)));
    urlCredentials.ifPresent(
        credentials -> {
          BasicScheme basic = new BasicScheme();
          basic.initPreemptive(credentials.credentials());
          exchangeContext.resetAuthExchange(
              new HttpHost(source.scheme(), credentials.host(), credentials.port()), basic);
        });
    return exchangeContext;
  }

  private static Optional<CredentialLookup.Target> proxyCredentials(URI target, ProxySettings proxies) {
    return proxies
        .proxyFor(target.getScheme(), target.getHost())
        .flatMap(
            proxy ->
                CredentialLookup.fromUserInfo(proxy, ProxySettings.port(proxy), Netrc.empty()));
  }

  private static URI requestTarget(URI uri) throws TransferException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new TransferException(
          ErrorKind.INVALID_URL,
          "not a valid HTTP(S) URL: " + SafeUri.display(uri) + " (expected http://host/path)");
    }
    return SafeUri.withoutUserInfo(uri);
  }

  private static int defaultPort(URI uri) {
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** A one-byte 206 body is read so the connection can be reused; anything bigger is cut. */
  private static void consumeSmallBody(Exchange exchange) {
    long length = exchange.contentLengthBytes();
    if (length >= 0 && length <= 1) {
      try {
        exchange.content().readAllBytes();
        exchange.release();
      } catch (IOException e) {
        exchange.abort();
      }
    }
  }

  private static TransferException rangeIgnored(URI where, ByteRange range, String detail) {
    return new TransferException(
        ErrorKind.RANGE_IGNORED,
        "the server at "
            + SafeUri.display(where)
            + " did not honour the range starting at byte "
            + range.startByte()
            + " ("
            + detail
            + "); falling back to one connection");
  }

  private static TransferException remoteChanged(URI where, String detail) {
    return new TransferException(
        ErrorKind.REMOTE_CHANGED,
        "the file at "
            + SafeUri.display(where)
            + " changed on the server ("
            + detail
            + "); the download restarts");
  }

  private static RangeStream emptyStream() {
    return new RangeStream() {
      @Override
      public InputStream body() {
        return InputStream.nullInputStream();
      }

      @Override
      public void close() {}
    };
  }

  private static Netrc loadNetrc(ProtocolContext context) {
    try {
      return Netrc.load(context.netrcFile().orElseGet(Netrc::defaultFile));
    } catch (IOException e) {
      return Netrc.empty();
    }
  }

  /** Whether a request has built the clients yet (for tests). */
  boolean clientsBuilt() {
    return transport != null;
  }

  @Override
  public void close() {
    transportLock.lock();
    try {
      closed = true;
      if (transport != null) {
        transport.close();
      }
    } finally {
      transportLock.unlock();
    }
  }
}
