package dev.dlm.protocol.ftp;

import dev.dlm.spi.ErrorKind;
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
  private final String where;
  private final long expectedBytes;
  private final InputStream body = new Body();
  private long remainingBytes;
  private long readBytes;
  private boolean failed;
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
    this.where = where;
    this.expectedBytes = expectedBytes;
    this.remainingBytes = expectedBytes;
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
    try {
      data.close();
    } catch (IOException e) {
      failed = true;
    }
    if (!failed && session.endTransfer()) {
      pool.release(session);
    } else {
      pool.discard(session);
    }
  }

  private final class Body extends InputStream {

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (remainingBytes == 0 || length == 0) {
        return remainingBytes == 0 ? -1 : 0;
      }
      int wanted = remainingBytes > 0 ? (int) Math.min(length, remainingBytes) : length;
      int n;
      try {
        n = data.read(buffer, offset, wanted);
      } catch (SocketTimeoutException e) {
        failed = true;
        throw new TransferException(
            ErrorKind.TIMEOUT,
            where + ": no data for the read timeout after " + readBytes + " bytes",
            e);
      } catch (IOException e) {
        failed = true;
        throw new TransferException(
            ErrorKind.NETWORK,
            where + ": the data connection broke after " + readBytes + " bytes",
            e);
      }
      if (n < 0) {
        if (remainingBytes > 0) {
          failed = true;
          throw new TransferException(
              ErrorKind.TRUNCATED,
              where
                  + ": the server closed the data connection after "
                  + readBytes
                  + " of "
                  + expectedBytes
                  + " bytes");
        }
        return -1;
      }
      readBytes += n;
      if (remainingBytes > 0) {
        remainingBytes -= n;
      }
      return n;
    }

    @Override
    public void close() {
      FtpRangeStream.this.close();
    }
  }
}
