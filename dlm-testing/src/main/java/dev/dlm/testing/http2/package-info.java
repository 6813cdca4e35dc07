/**
 * {@link dev.dlm.testing.http2.H2Origin}: an HTTPS origin that speaks HTTP/2 (chosen by ALPN) or
 * only HTTP/1.1, built on httpcore5-h2's own server, serving generated files with ranges, counting
 * the TLS connections it accepts and injecting HTTP/2's faults (a stream reset mid-body, a body
 * cut short, a range ignored, a stream that stalls while the connection stays alive).
 */
package dev.dlm.testing.http2;
