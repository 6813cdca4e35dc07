package dev.dlm.protocol.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import org.apache.hc.core5.http.HttpResponse;

/**
 * One request and its open response, over HTTP/1.1 (a pooled connection) or HTTP/2 (a stream of a
 * shared connection). {@link #release()} gives back a fully read connection or stream; {@link
 * #abort()} cuts the exchange instead of draining what the server still sends: on HTTP/1.1 the
 * connection is closed, on HTTP/2 only the stream is reset.
 *
 * @param location the URL that finally answered, after redirects
 */
record Exchange(HttpResponse response, URI location, Body body) {

  /** How the response body is read and ended; one implementation per HTTP version. */
  interface Body {
    /** The body as the server sends it (empty when the response has none). */
    InputStream content() throws IOException;

    void release();

    void abort();
  }

  int status() {
    return response.getCode();
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(response.getFirstHeader(name)).map(h -> h.getValue().strip());
  }

  /** The declared Content-Length, or -1 when absent or malformed. */
  long contentLengthBytes() {
    return header("Content-Length").map(Exchange::parseLength).orElse(-1L);
  }

  InputStream content() throws IOException {
    return body.content();
  }

  void release() {
    body.release();
  }

  void abort() {
    body.abort();
  }

  private static long parseLength(String text) {
    try {
      long value = Long.parseLong(text);
      return value < 0 ? -1 : value;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
