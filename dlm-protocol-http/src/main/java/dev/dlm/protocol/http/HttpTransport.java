package dev.dlm.protocol.http;

import dev.dlm.spi.ProtocolContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.StandardCookieSpec;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The assembled HttpClients: one pool of HTTP/1.1 connections (per-host limit from the context),
 * the HTTP/2 transport for requests that gain from multiplexing (unless {@link #VERSION_OPTION}
 * pins HTTP/1.1), both sharing the cookie store and the TLS settings,
 * timeouts that also cover a stalled body, TLS with the system trust store (or none with {@code
 * --insecure}), proxies per target host, and the cookie file. Automatic retries and content
 * decompression are off: the engine retries per segment, and a decoded body would break ranges.
 */
record HttpTransport(
    CloseableHttpClient client,
    PoolingHttpClientConnectionManager pool,
    ProxySettings proxies,
    Optional<Http2Transport> http2) {

  /**
   * The {@link ProtocolContext#options()} key that pins the HTTP version; {@code 1.1} turns HTTP/2
   * off ({@code dlm get --http1.1}).
   */
  static final String VERSION_OPTION = "http.version";

  /**
   * The cookie store both clients share: the cookie file's cookies, or none. Read apart from
   * {@link #create} so that an unreadable file fails when the protocol is made, not at first use.
   */
  static BasicCookieStore cookieStore(ProtocolContext context) {
    return context.cookieFile().map(HttpTransport::cookies).orElseGet(BasicCookieStore::new);
  }

  static HttpTransport create(
      ProtocolContext context, Map<String, String> environment, BasicCookieStore cookies) {
    ProxySettings proxies = new ProxySettings(context.proxy(), environment);
    Timeout connectTimeout = Timeout.of(context.connectTimeout());
    Timeout readTimeout = Timeout.of(context.readTimeout());
    SocketConfig direct =
        SocketConfig.custom().setSoTimeout(readTimeout).setTcpNoDelay(true).build();
    PoolingHttpClientConnectionManager pool =
        new SocksAwarePoolBuilder(proxies)
            .setTlsSocketStrategy(
                new LazyTls(() -> tlsBuilder(context.insecure()).buildClassic()))
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
            .setMaxConnPerRoute(context.maxConnectionsPerHost())
            .setMaxConnTotal(Math.max(64, context.maxConnectionsPerHost() * 8))
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connectTimeout)
                    .setSocketTimeout(readTimeout)
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .setDefaultTlsConfig(
                TlsConfig.custom()
                    .setHandshakeTimeout(connectTimeout)
                    .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                    .build())
            .setSocketConfigResolver(route -> socketConfig(route, proxies, direct))
            .build();
    CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .setRoutePlanner(new ProxyRoutePlanner(proxies))
            .setDefaultCookieStore(cookies)
            .setUserAgent(context.userAgent())
            .disableAutomaticRetries()
            .disableContentCompression()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setRedirectsEnabled(true)
                    .setMaxRedirects(20)
                    .setCookieSpec(StandardCookieSpec.RELAXED)
                    .setResponseTimeout(readTimeout)
                    .setConnectionRequestTimeout(Timeout.ofMinutes(10))
                    .build())
            .build();
    Optional<Http2Transport> http2 =
        context.option(VERSION_OPTION).filter("1.1"::equals).isPresent()
            ? Optional.empty()
            : Optional.of(
                new Http2Transport(
                    context, cookies, () -> tlsBuilder(context.insecure()).buildAsync()));
    return new HttpTransport(client, pool, proxies, http2);
  }

  void close() {
    http2.ifPresent(Http2Transport::close);
    try {
      client.close();
    } catch (IOException e) {
      // closing pooled sockets: nothing left to do
    }
    pool.close(CloseMode.IMMEDIATE);
  }

  private static BasicCookieStore cookies(java.nio.file.Path file) {
    try {
      return CookieJar.load(file);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the cookie file " + file + ": " + Failures.oneLine(e.getMessage()), e);
    }
  }

  /** SOCKS proxies are a socket-level concern in HttpClient: the socket is created through them. */
  private static SocketConfig socketConfig(
      HttpRoute route, ProxySettings proxies, SocketConfig direct) {
    HttpHost target = route.getTargetHost();
    Optional<URI> proxy = proxies.proxyFor(target.getSchemeName(), target.getHostName());
    if (proxy.isEmpty() || !ProxySettings.isSocks(proxy.get())) {
      return direct;
    }
    return SocketConfig.copy(direct)
        .setSocksProxyAddress(
            new InetSocketAddress(proxy.get().getHost(), ProxySettings.port(proxy.get())))
        .build();
  }

  /** TLS with the system trust store, or trusting everything under {@code --insecure}. */
  private static ClientTlsStrategyBuilder tlsBuilder(boolean insecure) {
    if (!insecure) {
      return ClientTlsStrategyBuilder.create().setSslContext(systemContext());
    }
    try {
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(null, new TrustManager[] {new TrustEverything()}, null);
      return ClientTlsStrategyBuilder.create()
          .setSslContext(trustAll)
          .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
          .setHostnameVerifier(NoopHostnameVerifier.INSTANCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  private static SSLContext systemContext() {
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("TLS is not available in this JVM", e);
    }
  }

  /**
   * Creates sockets through {@link Socks5Socket} when the socket config names a SOCKS proxy, so
   * SOCKS credentials stay per proxy instead of going through the JVM-wide Authenticator.
   */
  private static final class SocksAwarePoolBuilder
      extends PoolingHttpClientConnectionManagerBuilder {
    private final ProxySettings proxies;

    SocksAwarePoolBuilder(ProxySettings proxies) {
      this.proxies = proxies;
    }

    @Override
    protected HttpClientConnectionOperator createConnectionOperator(
        SchemePortResolver schemePortResolver, DnsResolver dnsResolver, TlsSocketStrategy tls) {
      DetachedSocketFactory sockets =
          socksProxy -> {
            if (socksProxy == null || socksProxy.type() != java.net.Proxy.Type.SOCKS) {
              return new Socket();
            }
            InetSocketAddress address = (InetSocketAddress) socksProxy.address();
            return new Socks5Socket(address, proxies.socksCredentials(address));
          };
      return new DefaultHttpClientConnectionOperator(
          sockets,
          schemePortResolver == null ? DefaultSchemePortResolver.INSTANCE : schemePortResolver,
          dnsResolver == null ? SystemDefaultDnsResolver.INSTANCE : dnsResolver,
          RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build());
    }
  }

  /** Routes HTTP(S) proxies by target; SOCKS targets stay direct routes (see socketConfig). */
  private static final class ProxyRoutePlanner extends DefaultRoutePlanner {
    private final ProxySettings proxies;

    ProxyRoutePlanner(ProxySettings proxies) {
      super(null);
      this.proxies = proxies;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
      return proxies
          .proxyFor(target.getSchemeName(), target.getHostName())
          .filter(proxy -> !ProxySettings.isSocks(proxy))
          .map(proxy -> new HttpHost(proxy.getScheme(), proxy.getHost(), ProxySettings.port(proxy)))
          .orElse(null);
    }
  }

  /** {@code --insecure}: accepts any certificate and skips the host-name check (user opt-in). */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
