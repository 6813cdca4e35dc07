package dev.dlm.protocol.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * One file read from an offset with many READ requests in flight, handed out in file order.
 *
 * <p>Why not MINA's {@code SftpInputStreamAsync}: it writes one request per channel write and
 * waits for each, and handles a reply shorter than asked for by re-reading the gap synchronously.
 * Here requests go out in batches (one channel write for a quarter of the in-flight budget), a
 * short reply is followed by one request for the rest, after which requests use the server's
 * size, and each reply is copied once, from MINA's receive buffer into a recycled array.
 *
 * <p>Flow: the requests in flight cover at most the read's share of a {@link ReadBudget} ahead of
 * what was handed out; the request at the head is always the next in file order. Replies arrive on MINA's I/O thread
 * ({@link #reply}) and wait, by id, until the reader reaches them. A status {@code EOF} ends the
 * stream; any other status, a closed channel or no reply for {@code readTimeout} is a failure.
 * Requests never go past {@code endOffset}, so a range read to its end leaves nothing in flight.
 */
final class PipelinedRead extends InputStream {

  /** A backstop only: a closed channel wakes the reader at once ({@link #wake}). */
  private static final long POLL_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Request(int id, long offset, int lengthBytes) {}

  private sealed interface Reply permits Data, Status {}

  private record Data(byte[] bytes, int lengthBytes) implements Reply {}

  private record Status(int code, String message) implements Reply {}

  private final PipelinedSftpClient client;
  private final SftpClient.Handle handle;
  private final byte[] handleId;
  private final long endOffset;
  private final ReadBudget budget;
  private final Duration readTimeout;
  private final int bufferBytes;
  private int requestBytes;

  private final ArrayDeque<Request> inFlight = new ArrayDeque<>();
  private long inFlightBytes;
  private long nextOffset;
  private IoWriteFuture lastWrite;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition arrived = lock.newCondition();
  private final Map<Integer, Reply> replies = new HashMap<>();
  private final Queue<byte[]> spare = new ConcurrentLinkedQueue<>();

  private byte[] chunk;
  private int chunkPosition;
  private int chunkEnd;
  private boolean ended;
  private boolean closed;
  private boolean released;

  /**
   * @param startOffset the first byte to read
   * @param endOffset where to stop asking (the range's end), or {@link Long#MAX_VALUE} to read to
   *     the end of the file
   * @param requestBytes bytes per READ request (what the server serves in one reply)
   * @param budget how far ahead of the reader requests may run (at least two requests)
   */
  PipelinedRead(
      PipelinedSftpClient client,
      SftpClient.Handle handle,
      long startOffset,
      long endOffset,
      int requestBytes,
      ReadBudget budget,
      Duration readTimeout) {
    this.client = client;
    this.handle = handle;
    this.handleId = handle.getIdentifier();
    this.nextOffset = startOffset;
    this.endOffset = endOffset;
    this.requestBytes = requestBytes;
    this.bufferBytes = requestBytes;
    this.budget = budget;
    budget.enter();
    this.readTimeout = readTimeout;
    client.attach(this);
  }

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
    if (length == 0) {
      return 0;
    }
    while (chunk == null || chunkPosition == chunkEnd) {
      recycle();
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(length, chunkEnd - chunkPosition);
    System.arraycopy(chunk, chunkPosition, buffer, offset, n);
    chunkPosition += n;
    return n;
  }

  /** Takes the reply to the request at the head; false at the end of the file or the range. */
  private boolean nextChunk() throws IOException {
    if (ended) {
      return false;
    }
    if (inFlight.isEmpty()) {
      if (nextOffset >= endOffset) {
        ended = true;
        return false;
      }
      send();
    }
    Request head = inFlight.peekFirst();
    Reply reply = await(head.id());
    inFlight.pollFirst();
    inFlightBytes -= head.lengthBytes();
    switch (reply) {
      case Status status -> {
        if (status.code() == SftpConstants.SSH_FX_EOF) {
          ended = true;
          return false;
        }
        throw new SftpException(status.code(), status.message());
      }
      case Data data -> {
        if (data.lengthBytes() == 0 || data.lengthBytes() > head.lengthBytes()) {
          throw new SshException(
              "the server answered a read of "
                  + head.lengthBytes()
                  + " bytes with "
                  + data.lengthBytes());
        }
        if (data.lengthBytes() < head.lengthBytes()) {
          shortReply(head, data.lengthBytes());
        }
        chunk = data.bytes();
        chunkPosition = 0;
        chunkEnd = data.lengthBytes();
      }
    }
    long limitBytes = limitBytes();
    if (limitBytes - inFlightBytes >= limitBytes / 4) {
      send();
    }
    return true;
  }

  /**
   * A reply shorter than asked for: the server's limit is below our request size (or the file
   * ends there). The rest is asked for at once, ahead of everything else in flight, and later
   * requests use the size the server served.
   */
  private void shortReply(Request head, int servedBytes) throws IOException {
    requestBytes = Math.min(requestBytes, servedBytes);
    Request rest =
        new Request(client.nextReadId(), head.offset() + servedBytes, head.lengthBytes() - servedBytes);
    inFlight.addFirst(rest);
    inFlightBytes += rest.lengthBytes();
    write(new Request[] {rest}, 1);
  }

  private long limitBytes() {
    return budget.shareBytes(2L * bufferBytes);
  }

  /** Fills the in-flight budget with requests from {@code nextOffset}, in one channel write. */
  private void send() throws IOException {
    int room = (int) Math.max(0, (limitBytes() - inFlightBytes) / requestBytes);
    if (room == 0) {
      if (!inFlight.isEmpty()) {
        return;
      }
      room = 1;
    }
    Request[] batch = new Request[room];
    int count = 0;
    while (count < room && nextOffset < endOffset) {
      int length = (int) Math.min(requestBytes, endOffset - nextOffset);
      Request request = new Request(client.nextReadId(), nextOffset, length);
      batch[count++] = request;
      inFlight.addLast(request);
      inFlightBytes += length;
      nextOffset += length;
    }
    if (count > 0) {
      write(batch, count);
    }
  }

  private void write(Request[] batch, int count) throws IOException {
    awaitWritten();
    int packetBytes = 4 + 1 + 4 + 4 + handleId.length + 8 + 4;
    Buffer buffer = new ByteArrayBuffer(count * packetBytes, false);
    for (int i = 0; i < count; i++) {
      Request request = batch[i];
      buffer.putUInt(packetBytes - 4L);
      buffer.putByte((byte) SftpConstants.SSH_FXP_READ);
      buffer.putInt(request.id());
      buffer.putBytes(handleId);
      buffer.putLong(request.offset());
      buffer.putUInt(request.lengthBytes());
    }
    lastWrite = client.getClientChannel().getAsyncIn().writeBuffer(buffer);
  }

  /** Waits until the previous batch is on the wire: a channel takes one write at a time. */
  private void awaitWritten() throws IOException {
    if (lastWrite != null) {
      lastWrite.verify(readTimeout);
      lastWrite = null;
    }
  }

  private Reply await(int id) throws IOException {
    long deadline = System.nanoTime() + readTimeout.toNanos();
    lock.lock();
    try {
      while (true) {
        Reply reply = replies.remove(id);
        if (reply != null) {
          return reply;
        }
        if (!client.isOpen() || client.isClosing()) {
          throw new SshException("the SSH channel was closed");
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException(
              "no reply to a read within " + readTimeout.toSeconds() + " s");
        }
        arrived.awaitNanos(Math.min(left, POLL_NANOS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while waiting for a read reply");
    } finally {
      lock.unlock();
    }
  }

  /**
   * One reply, on MINA's I/O thread; {@code packet} starts at the SFTP length field and is only
   * valid during this call, so the data is copied out.
   */
  void reply(Buffer packet) {
    packet.getInt();
    int type = packet.getUByte();
    int id = packet.getInt();
    Reply reply;
    if (type == SftpConstants.SSH_FXP_DATA) {
      int length = packet.getInt();
      byte[] bytes = length <= bufferBytes ? spareBuffer() : new byte[length];
      packet.getRawBytes(bytes, 0, length);
      reply = new Data(bytes, length);
    } else if (type == SftpConstants.SSH_FXP_STATUS) {
      int code = packet.getInt();
      String message = packet.available() >= 4 ? packet.getString() : "";
      reply = new Status(code, message);
    } else {
      reply = new Status(SftpConstants.SSH_FX_BAD_MESSAGE, "unexpected reply type " + type);
    }
    lock.lock();
    try {
      replies.put(id, reply);
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a reader waiting for a reply, so it sees that the channel has closed. */
  void wake() {
    lock.lock();
    try {
      arrived.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private byte[] spareBuffer() {
    byte[] bytes = spare.poll();
    return bytes != null ? bytes : new byte[bufferBytes];
  }

  private void recycle() {
    if (chunk != null && chunk.length == bufferBytes) {
      spare.offer(chunk);
    }
    chunk = null;
  }

  /**
   * Gives up this read's share of the budget and its buffers; {@link #close} does it too, and the
   * owner calls it when it abandons the session instead of closing the read.
   */
  void release() {
    if (released) {
      return;
    }
    released = true;
    budget.leave();
    client.detach(this);
    recycle();
    spare.clear();
  }

  /**
   * Waits for the replies still in flight (none after a range read to its end; beyond the end of
   * the file when the length was unknown), so the channel is in step for the next stream, then
   * closes the handle.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      while (!inFlight.isEmpty()) {
        await(inFlight.pollFirst().id());
      }
      awaitWritten();
    } finally {
      release();
    }
    if (handle instanceof SftpClient.CloseableHandle closeable) {
      closeable.close();
    }
  }
}
