package dev.dlm.protocol.http;

import dev.dlm.spi.Header;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.StandardCookieSpec;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.H2AsyncClientBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.http2.impl.nio.ProtocolNegotiationException;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.io.ModalCloseable;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ssl.TlsDetails;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP/2 for the requests that gain from multiplexing: one TLS connection per origin carries every
 * probe and every small whole-file fetch as concurrent streams, where HTTP/1.1 would open and keep
 * a pool of connections (one handshake, one socket and one server worker each).
 *
 * <p>Design note. Whether an origin speaks HTTP/2 is decided by ALPN on the first connection and
 * remembered per origin (scheme, host, port): the client offers {@code h2} and {@code http/1.1};
 * an origin that picks HTTP/1.1 or does not answer ALPN is noted, that connection is closed, and
 * every later request to it goes straight to the HTTP/1.1 pool, so it costs one handshake once.
 * Plain {@code http://} never uses this (no h2c upgrade), nor does a request through a proxy.
 * The async client is built on first use: a command that never meets an HTTP/2 origin pays nothing
 * for it. Redirects are not followed here: a 3xx hands the request back to the HTTP/1.1 client,
 * which follows redirects across hosts and schemes, and whose final URL then serves the download.
 */
final class Http2Transport {

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te");

  private final ProtocolContext context;
  private final BasicCookieStore cookies;
  private final Supplier<TlsStrategy> tls;
  private final Map<String, Boolean> speaksH2 = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private CloseableHttpAsyncClient client;
  private boolean closed;

  Http2Transport(ProtocolContext context, BasicCookieStore cookies, Supplier<TlsStrategy> tls) {
    this.context = context;
    this.cookies = cookies;
    this.tls = tls;
  }

  /** Whether the origin of {@code target} has not been seen to refuse HTTP/2. */
  boolean mayTry(URI target) {
    return "https".equalsIgnoreCase(target.getScheme())
        && !Boolean.FALSE.equals(speaksH2.get(originOf(target)));
  }

  /**
   * Whether {@code headers} mean the same on HTTP/2: a user's {@code Host} header has no HTTP/2
   * form (the authority is a pseudo-header), so such a request stays on HTTP/1.1.
   */
  static boolean carries(List<Header> headers) {
    return headers.stream().noneMatch(h -> h.name().equalsIgnoreCase("Host"));
  }

  /** Whether the origin of {@code target} negotiated HTTP/2 (for tests and logs). */
  boolean negotiated(URI target) {
    return Boolean.TRUE.equals(speaksH2.get(originOf(target)));
  }

  /**
   * Sends {@code method} to {@code target} as a stream of the origin's shared HTTP/2 connection and
   * waits for the response headers. Empty when HTTP/1.1 must answer instead: the origin refused
   * HTTP/2 in ALPN, or answered with a redirect.
   */
  Optional<Exchange> execute(
      String method, URI target, List<Header> headers, HttpClientContext exchangeContext)
      throws TransferException {
    BasicHttpRequest request = new BasicHttpRequest(method, target);
    for (Header header : headers) {
      if (!HOP_BY_HOP.contains(header.name().toLowerCase(Locale.ROOT))) {
        request.addHeader(header.name(), header.value());
      }
    }
    MultiplexedResponse response = new MultiplexedResponse(context.readTimeout());
    HttpResponse answer;
    try {
      Future<Void> running =
          client()
              .execute(
                  new BasicRequestProducer(request, null),
                  response,
                  null,
                  exchangeContext,
                  response.outcome());
      response.attach(running);
      answer = response.awaitHeaders(context.connectTimeout().plus(context.readTimeout()));
    } catch (IOException | IllegalStateException e) {
      response.abort();
      if (refusedInAlpn(e)) {
        speaksH2.put(originOf(target), false);
      }
      if (!mayTry(target)) {
        return Optional.empty();
      }
      throw Failures.forException(
          e instanceof IOException io ? io : new IOException(e.getMessage(), e), target);
    }
    speaksH2.put(originOf(target), true);
    if (answer.getCode() / 100 == 3 && answer.getFirstHeader("Location") != null) {
      response.abort();
      return Optional.empty();
    }
    return Optional.of(new Exchange(answer, target, response));
  }

  /** The HTTP/2 preface handler's verdict when the server picked another protocol in ALPN. */
  private static boolean refusedInAlpn(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProtocolNegotiationException) {
        return true;
      }
    }
    return false;
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      if (client != null) {
        client.close(CloseMode.IMMEDIATE);
      }
    } finally {
      lock.unlock();
    }
  }

  private CloseableHttpAsyncClient client() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the HTTP/2 client is closed");
      }
      if (client == null) {
        client = build();
        client.start();
      }
      return client;
    } finally {
      lock.unlock();
    }
  }

  private CloseableHttpAsyncClient build() {
    Timeout connectTimeout = Timeout.of(context.connectTimeout());
    Timeout readTimeout = Timeout.of(context.readTimeout());
    return H2AsyncClientBuilder.create()
        .setTlsStrategy(new AlpnCheck(tls.get(), connectTimeout))
        .setIOReactorConfig(
            IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
        .setH2Config(
            H2Config.custom()
                .setPushEnabled(false)
                .setInitialWindowSize(MultiplexedResponse.WINDOW_BYTES)
                .build())
        .setDefaultConnectionConfig(
            ConnectionConfig.custom()
                .setConnectTimeout(connectTimeout)
                .setSocketTimeout(readTimeout)
                .build())
        .setDefaultCookieStore(cookies)
        .setUserAgent(context.userAgent())
        .disableAutomaticRetries()
        .disableRedirectHandling()
        .evictIdleConnections(TimeValue.ofSeconds(60))
        .setDefaultRequestConfig(
            RequestConfig.custom()
                .setCookieSpec(StandardCookieSpec.RELAXED)
                .setResponseTimeout(readTimeout)
                .build())
        .build();
  }

  private static String originOf(URI target) {
    int port = target.getPort() > 0 ? target.getPort() : 443;
    return target.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  private String originOf(NamedEndpoint endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : 443;
    return endpoint.getHostName().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /**
   * Offers {@code h2} and {@code http/1.1} in ALPN and lets the connection live only when the
   * server picked {@code h2}: a server that answers no ALPN at all is remembered as HTTP/1.1 here
   * (the HTTP/2 client alone would send it the HTTP/2 preface anyway); one that picks
   * {@code http/1.1} is caught by the client's own preface check ({@link
   * ProtocolNegotiationException}). Either way the request falls back to the HTTP/1.1 pool.
   */
  private final class AlpnCheck implements TlsStrategy {
    private final TlsStrategy delegate;
    private final TlsConfig negotiate;

    AlpnCheck(TlsStrategy delegate, Timeout handshakeTimeout) {
      this.delegate = delegate;
      this.negotiate =
          TlsConfig.custom()
              .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
              .setHandshakeTimeout(handshakeTimeout)
              .build();
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean upgrade(
        TransportSecurityLayer session,
        HttpHost host,
        java.net.SocketAddress localAddress,
        java.net.SocketAddress remoteAddress,
        Object attachment,
        Timeout handshakeTimeout) {
      throw new UnsupportedOperationException("the HTTP/2 client upgrades with a callback");
    }

    @Override
    public void upgrade(
        TransportSecurityLayer session,
        NamedEndpoint endpoint,
        Object attachment,
        Timeout handshakeTimeout,
        FutureCallback<TransportSecurityLayer> callback) {
      delegate.upgrade(
          session,
          endpoint,
          negotiate,
          handshakeTimeout,
          new FutureCallback<>() {
            @Override
            public void completed(TransportSecurityLayer secured) {
              TlsDetails details = secured.getTlsDetails();
              String chosen = details == null ? null : details.getApplicationProtocol();
              if ("h2".equals(chosen)) {
                callback.completed(secured);
                return;
              }
              speaksH2.put(originOf(endpoint), false);
              if (secured instanceof ModalCloseable closeable) {
                closeable.close(CloseMode.IMMEDIATE);
              }
              callback.failed(
                  new IOException(
                      "the server chose "
                          + (chosen == null || chosen.isEmpty() ? "no protocol" : chosen)
                          + " in ALPN, not h2"));
            }

            @Override
            public void failed(Exception e) {
              callback.failed(e);
            }

            @Override
            public void cancelled() {
              callback.cancelled();
            }
          });
    }
  }
}
