package dev.dlm.spi;

import java.io.IOException;
import java.io.InputStream;

/**
 * The body of a range read from a stream that does not stop at the range's end by itself (an FTP
 * data connection runs to the end of the file; a pipelined SFTP read to where it was told). It
 * hands out exactly the range's length, then ends; a stream that ends first is {@link
 * ErrorKind#TRUNCATED}. Protocols share it so that "exactly the range, or a failure" is decided in
 * one place; what a failed read means and what closing does with the connection stay theirs.
 */
public final class RangeBody extends InputStream {

  /** What a failed read of the underlying stream means, in the protocol's terms. */
  @FunctionalInterface
  public interface ReadFailure {
    /**
     * The failure to throw for {@code cause}, after {@code readBytes} bytes of the range; may
     * rethrow a {@link RuntimeException} the protocol does not map.
     */
    TransferException of(Exception cause, long readBytes);
  }

  private final InputStream data;
  private final String where;
  private final String endedEarly;
  private final long expectedBytes;
  private final ReadFailure readFailure;
  private final RangeStream owner;
  private long remainingBytes;
  private long readBytes;
  private boolean failed;
  private boolean ended;
  private boolean closed;

  /**
   * @param data the underlying stream, positioned at the range's first byte
   * @param where names the file in messages (never with a password)
   * @param endedEarly what an early end of {@code data} means, as in "the file ended"
   * @param expectedBytes how many bytes the range has, or {@code -1} when the file's length is
   *     unknown and the end of {@code data} is the end
   * @param readFailure maps failed reads
   * @param owner the stream this is the body of; closing the body closes it
   */
  public RangeBody(
      InputStream data,
      String where,
      String endedEarly,
      long expectedBytes,
      ReadFailure readFailure,
      RangeStream owner) {
    this.data = data;
    this.where = where;
    this.endedEarly = endedEarly;
    this.expectedBytes = expectedBytes;
    this.remainingBytes = expectedBytes;
    this.readFailure = readFailure;
    this.owner = owner;
  }

  /** Whether a read failed or the underlying stream ended early. */
  public boolean failed() {
    return failed;
  }

  /** Whether the whole range was handed out (or, for an unknown length, the stream ended). */
  public boolean ended() {
    return ended;
  }

  /** Makes every further read fail; the owner calls this when it is closed. */
  public void markClosed() {
    closed = true;
  }

  /** Marks the body failed, for a failure the owner met outside a read (closing the stream). */
  public void markFailed() {
    failed = true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  /**
   * What the underlying stream holds ready, within the range. The engine asks after each read: a
   * connection whose next bytes are already there hands hashing to another thread and reads on.
   */
  @Override
  public int available() throws IOException {
    if (closed || remainingBytes == 0) {
      return 0;
    }
    int ready = data.available();
    return remainingBytes > 0 ? (int) Math.min(ready, remainingBytes) : ready;
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
      throw readFailure.of(e, readBytes);
    }
    if (n < 0) {
      if (remainingBytes > 0) {
        failed = true;
        throw new TransferException(
            ErrorKind.TRUNCATED,
            where
                + ": "
                + endedEarly
                + " after "
                + readBytes
                + " of "
                + expectedBytes
                + " bytes");
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
  public void close() throws IOException {
    owner.close();
  }
}
