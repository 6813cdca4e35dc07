package dev.dlm.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one opened range. The engine reads {@link #body()} until the range is complete, the
 * stream ends, or the range is shortened by work stealing, then closes this.
 */
public interface RangeStream extends AutoCloseable {

  /**
   * The body, starting at the requested range's first byte. Read failures should be {@link
   * TransferException}s (plain {@link IOException}s count as transient network errors).
   */
  InputStream body();

  /**
   * Ends the transfer. If the body was not read to its end, the connection is abandoned rather than
   * drained, so closing early costs no further traffic.
   */
  @Override
  void close() throws IOException;
}
