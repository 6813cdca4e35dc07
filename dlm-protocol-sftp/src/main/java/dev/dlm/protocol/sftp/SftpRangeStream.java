package dev.dlm.protocol.sftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangeBody;
import dev.dlm.spi.RangeStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * One range read with pipelined SFTP requests, cut off at the range's end.
 *
 * <p>The pipelining is {@link PipelinedRead}: it keeps up to {@link SftpPool#WINDOW_BYTES} of
 * READ requests in flight, so throughput is bounded by the link, not by the round-trip time. It is
 * told the range's end, so it never asks beyond it. A read that ends early is {@link
 * ErrorKind#TRUNCATED}; the session goes back to the pool only after a clean close.
 *
 * <p>A stream closed before its end (a range shortened by work stealing, a cancelled download)
 * would have to wait for every outstanding reply — up to a whole window — before the channel could
 * be reused. Such a session is closed instead, so an early close costs no further traffic.
 */
final class SftpRangeStream implements RangeStream {

  private final SftpPool pool;
  private final SftpPool.Connection connection;
  private final PipelinedRead data;
  private final RangeBody body;
  private boolean closed;

  SftpRangeStream(
      SftpPool pool,
      SftpPool.Connection connection,
      PipelinedRead data,
      String where,
      long expectedBytes) {
    this.pool = pool;
    this.connection = connection;
    this.data = data;
    this.body =
        new RangeBody(
            data,
            where,
            "the file ended",
            expectedBytes,
            (cause, readBytes) ->
                SftpFailures.of(cause, where + " (after " + readBytes + " bytes)"),
            this);
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
    if (body.failed() || !body.ended()) {
      data.release();
      pool.discard(connection);
      return;
    }
    try {
      data.close();
    } catch (IOException | RuntimeException e) {
      data.release();
      pool.discard(connection);
      return;
    }
    pool.release(connection);
  }
}
