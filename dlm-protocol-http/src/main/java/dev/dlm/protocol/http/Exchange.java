package dev.dlm.protocol.http;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;

/**
 * One request and its open response. {@link #release()} returns a fully read connection to the
 * pool; {@link #abort()} closes the connection instead of draining what the server still sends.
 *
 * @param location the URL that finally answered, after redirects
 */
record Exchange(HttpUriRequestBase request, ClassicHttpResponse response, URI location) {

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

  void release() {
    try {
      response.close();
    } catch (IOException e) {
      // the connection is discarded by the pool
    }
  }

  void abort() {
    request.cancel();
    release();
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
