/**
 * HTTP and HTTPS through Apache HttpClient 5's classic (blocking) API: one pooled HTTP/1.1
 * connection per segment, each driven by its own virtual thread.
 *
 * <p>{@link dev.dlm.protocol.http.HttpProtocolProvider} is the only public type. {@code
 * HttpProtocol} probes with HEAD (falling back to a one-byte ranged GET) and opens ranges after
 * checking the server honoured them; {@code HttpTransport} assembles the client (pool, timeouts,
 * TLS, proxies, cookies); the remaining classes each parse one header family or map one kind of
 * failure. See docs/protocols/http.md for the decisions (HTTP/1.1 only, no draining, error
 * mapping).
 */
package dev.dlm.protocol.http;
