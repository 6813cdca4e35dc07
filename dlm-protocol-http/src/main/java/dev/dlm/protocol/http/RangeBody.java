package dev.dlm.protocol.http;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * A response body held to its range: it never yields a byte past the range, even when the server
 * sends more, and turns an early end into {@link ErrorKind#TRUNCATED} and I/O errors into {@link
 * TransferException}s with their kind.
 */
final class RangeBody extends InputStream {

  private final InputStream in;
  private final long expectedBytes;
  private final URI uri;
  private long readBytes;
  private boolean endSeen;

  /** {@code expectedBytes} -1 means "until the server closes" (no length known). */
  RangeBody(InputStream in, long expectedBytes, URI uri) {
    this.in = in;
    this.expectedBytes = expectedBytes;
    this.uri = uri;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    long left = expectedBytes < 0 ? Long.MAX_VALUE : expectedBytes - readBytes;
    if (left == 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(buffer, offset, (int) Math.min(length, left));
    } catch (IOException e) {
      throw Failures.forException(e, uri);
    }
    if (n < 0) {
      endSeen = true;
      if (expectedBytes >= 0) {
        throw new TransferException(
            ErrorKind.TRUNCATED,
            "the server closed the connection after "
                + readBytes
                + " of "
                + expectedBytes
                + " bytes of "
                + SafeUri.display(uri));
      }
      return -1;
    }
    readBytes += n;
    return n;
  }

  /** Whether the whole range was read, so the connection may serve another request. */
  boolean complete() {
    return expectedBytes >= 0 ? readBytes == expectedBytes : endSeen;
  }

  long readBytes() {
    return readBytes;
  }

  @Override
  public void close() {
    // the owning HttpRangeStream decides between reuse and abort
  }
}
