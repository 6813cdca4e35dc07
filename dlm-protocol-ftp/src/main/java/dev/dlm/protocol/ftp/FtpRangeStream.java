package dev.dlm.protocol.ftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangeBody;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The data connection of one RETR, cut off after the requested range's length.
 *
 * <p>FTP has no "stop at byte N": the server keeps sending until the end of the file. So the body
 * stops handing out bytes at the range's end, and {@link #close()} closes the data connection and
 * reads the one reply that ends the transfer (226 if the server had already sent everything, 426 if
 * it noticed the close). Only then is the control connection known to be in step and returned to
 * the pool; after any failure it is dropped.
 */
final class FtpRangeStream implements RangeStream {

  private final FtpPool pool;
  private final FtpSession session;
  private final InputStream data;
  private final RangeBody body;
  private boolean closed;

  /**
   * @param expectedBytes how many bytes this stream must yield, or {@code -1} when the file's
   *     length is unknown and the server's end of data is the end
   */
  FtpRangeStream(
      FtpPool pool, FtpSession session, InputStream data, String where, long expectedBytes) {
    this.pool = pool;
    this.session = session;
    this.data = data;
    this.body =
        new RangeBody(
            data,
            where,
            "the server closed the data connection",
            expectedBytes,
            (cause, readBytes) -> readFailure(cause, readBytes, where),
            this);
  }

  private static TransferException readFailure(Exception cause, long readBytes, String where) {
    return switch (cause) {
      case SocketTimeoutException timeout ->
          new TransferException(
              ErrorKind.TIMEOUT,
              where + ": no data for the read timeout after " + readBytes + " bytes",
              timeout);
      case IOException broken ->
          new TransferException(
              ErrorKind.NETWORK,
              where + ": the data connection broke after " + readBytes + " bytes",
              broken);
      case RuntimeException unmapped -> throw unmapped;
      default -> throw new IllegalStateException(cause);
    };
  }

  @Override
  public InputStream body() {
    return body;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    body.markClosed();
    try {
      data.close();
    } catch (IOException e) {
      body.markFailed();
    }
    if (!body.failed() && session.endTransfer()) {
      pool.release(session);
    } else {
      pool.discard(session);
    }
  }
}
