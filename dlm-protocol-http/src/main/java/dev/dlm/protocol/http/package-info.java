/**
 * HTTP and HTTPS through Apache HttpClient 5: its classic (blocking) API for segments, one pooled
 * HTTP/1.1 connection per segment, each driven by its own virtual thread; its async HTTP/2 client
 * for probes and small whole files on https origins that pick {@code h2} in ALPN, as streams of one
 * connection per origin.
 *
 * <p>{@link dev.dlm.protocol.http.HttpProtocolProvider} is the only public type. {@code
 * HttpProtocol} probes with HEAD (falling back to a one-byte ranged GET), opens ranges after
 * checking the server honoured them, and picks the transport per request; {@code HttpTransport}
 * assembles the HTTP/1.1 client (pool, timeouts, TLS, proxies, cookies); {@code Http2Transport}
 * the HTTP/2 one (ALPN verdict per origin), whose streams {@code MultiplexedResponse} turns into
 * blocking bodies with flow-control backpressure; the remaining classes each parse one header
 * family or map one kind of failure. See docs/protocols/http.md for the decisions (which requests
 * use HTTP/2 and why, no draining, error mapping).
 */
package dev.dlm.protocol.http;
