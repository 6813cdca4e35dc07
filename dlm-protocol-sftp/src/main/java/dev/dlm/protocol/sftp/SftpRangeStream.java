package dev.dlm.protocol.sftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;

/**
 * One range read with pipelined SFTP requests, cut off at the range's end.
 *
 * <p>The pipelining is MINA's {@code SftpInputStreamAsync}: it keeps window / request-size READ
 * requests in flight (with an 8 MiB window and 32 KiB requests, 256 of them; OpenSSH's {@code sftp}
 * keeps 64), so throughput is bounded by the link, not by the round-trip time. It is told the
 * range's end as the file size, so it stops asking beyond it. A read that ends early is {@link
 * ErrorKind#TRUNCATED}; the session goes back to the pool only after a clean close.
 *
 * <p>A stream closed before its end (a range shortened by work stealing, a cancelled download)
 * would have to wait for every outstanding reply — up to a whole window — before the channel could
 * be reused. Such a session is closed instead, so an early close costs no further traffic.
 */
final class SftpRangeStream implements RangeStream {

  private final SftpPool pool;
  private final SftpPool.Connection connection;
  private final InputStream data;
  private final String where;
  private final long expectedBytes;
  private final InputStream body = new Body();
  private long remainingBytes;
  private long readBytes;
  private boolean failed;
  private boolean ended;
  private boolean closed;

  SftpRangeStream(
      SftpPool pool,
      SftpPool.Connection connection,
      InputStream data,
      String where,
      long expectedBytes) {
    this.pool = pool;
    this.connection = connection;
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
    if (failed || !ended) {
      pool.discard(connection);
      return;
    }
    try {
      data.close();
    } catch (IOException | RuntimeException e) {
      failed = true;
    }
    if (failed) {
      pool.discard(connection);
    } else {
      pool.release(connection);
    }
  }

  private final class Body extends InputStream {

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
      if (remainingBytes == 0) {
        ended = true;
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      int wanted = remainingBytes > 0 ? (int) Math.min(length, remainingBytes) : length;
      int n;
      try {
        n = data.read(buffer, offset, wanted);
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw SftpFailures.of(e, where + " (after " + readBytes + " bytes)");
      }
      if (n < 0) {
        if (remainingBytes > 0) {
          failed = true;
          throw new TransferException(
              ErrorKind.TRUNCATED,
              where + ": the file ended after " + readBytes + " of " + expectedBytes + " bytes");
        }
        ended = true;
        return -1;
      }
      readBytes += n;
      if (remainingBytes > 0) {
        remainingBytes -= n;
        ended = remainingBytes == 0;
      }
      return n;
    }

    @Override
    public void close() {
      SftpRangeStream.this.close();
    }
  }
}
