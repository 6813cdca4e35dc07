package dev.dlm.protocol.http;

import dev.dlm.spi.RangeStream;
import java.io.InputStream;

/**
 * An open range. Closing it returns the connection to the pool only when the body was read to its
 * end and the response declared exactly that length; otherwise the connection is cut, because
 * draining the rest of a large range would cost the very traffic an early close is meant to save.
 */
final class HttpRangeStream implements RangeStream {

  private final Exchange exchange;
  private final RangeBody body;
  private final boolean reusable;

  /**
   * @param reusable whether the response's framing ends exactly where the range ends (a matching
   *     Content-Length), so a fully read body leaves the connection clean
   */
  HttpRangeStream(Exchange exchange, RangeBody body, boolean reusable) {
    this.exchange = exchange;
    this.body = body;
    this.reusable = reusable;
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    if (reusable && body.complete()) {
      exchange.release();
    } else {
      exchange.abort();
    }
  }
}
