package dev.dlm.protocol.sftp;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.sftp.client.SftpErrorDataHandler;
import org.apache.sshd.sftp.client.SftpVersionSelector;
import org.apache.sshd.sftp.client.impl.DefaultSftpClient;

/**
 * MINA's SFTP client, with a side door for dlm's own pipelined reads ({@link PipelinedRead}).
 *
 * <p>Why: MINA sends each READ request as its own channel write and waits for that write to
 * complete before the next one, copies every reply into a fresh buffer, and routes it through a
 * future per request. At a gigabyte that is tens of thousands of writes, futures and copies on two
 * busy cores. Pipelined reads use request ids of their own (negative, where MINA's counter, starting
 * at 100, never goes), write many requests in one channel write, and get their replies handed over
 * here before MINA's bookkeeping sees them. Every other request (stat, open, close, readdir) goes
 * through MINA unchanged.
 */
final class PipelinedSftpClient extends DefaultSftpClient {

  /** SFTP packet header: uint32 length, byte type, uint32 request id. */
  private static final int HEADER_BYTES = 9;

  private final AtomicInteger readIds = new AtomicInteger(Integer.MIN_VALUE);
  private volatile PipelinedRead read;

  PipelinedSftpClient(ClientSession session) throws IOException {
    super(session, SftpVersionSelector.CURRENT, SftpErrorDataHandler.EMPTY);
    negotiateVersion(SftpVersionSelector.CURRENT);
    getClientChannel()
        .addCloseFutureListener(
            closed -> {
              PipelinedRead current = read;
              if (current != null) {
                current.wake();
              }
            });
  }

  /** A request id for a pipelined read: negative, so it never meets one of MINA's. */
  int nextReadId() {
    int id = readIds.getAndIncrement();
    if (id >= 0) {
      readIds.set(Integer.MIN_VALUE);
      return readIds.getAndIncrement();
    }
    return id;
  }

  /** Routes replies with pipelined-read ids to {@code read} until {@link #detach}. */
  void attach(PipelinedRead read) {
    this.read = read;
  }

  void detach(PipelinedRead read) {
    if (this.read == read) {
      this.read = null;
    }
  }

  @Override
  protected void process(Buffer incoming) throws IOException {
    int start = incoming.rpos();
    if (incoming.available() >= HEADER_BYTES) {
      byte[] bytes = incoming.array();
      int id =
          ((bytes[start + 5] & 0xFF) << 24)
              | ((bytes[start + 6] & 0xFF) << 16)
              | ((bytes[start + 7] & 0xFF) << 8)
              | (bytes[start + 8] & 0xFF);
      if (id < 0) {
        PipelinedRead current = read;
        if (current != null) {
          current.reply(incoming);
        }
        return;
      }
    }
    super.process(incoming);
  }
}
