package dev.dlm.protocol.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * One HTTP/2 stream turned into the blocking body the engine reads, with the stream's flow-control
 * window as backpressure.
 *
 * <p>Design note. The I/O reactor thread hands over response headers and DATA frames; a virtual
 * thread reads them. The stream may send at most {@link #WINDOW_BYTES} that the reader has not yet
 * taken: the window starts there (the client's SETTINGS_INITIAL_WINDOW_SIZE), every frame received
 * uses part of it, and it is only opened again (WINDOW_UPDATE through the {@link CapacityChannel})
 * for what the reader has taken. A slow disk therefore slows the server down instead of filling
 * memory, and other streams on the connection keep their own windows. Every wait is bounded by
 * the read timeout, so a stalled stream fails even while its connection stays busy with others;
 * aborting cancels the request, which resets this stream only (RST_STREAM), never the connection.
 */
final class MultiplexedResponse implements AsyncResponseConsumer<Void>, Exchange.Body {

  /** The per-stream window; also the most a stream buffers here. */
  static final int WINDOW_BYTES = 1 << 20;

  /** Window is given back in steps of at least this, not one frame at a time. */
  private static final long GRANT_STEP_BYTES = WINDOW_BYTES / 4;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<ByteBuffer> chunks = new ArrayDeque<>();
  private final Duration readTimeout;
  private final InputStream body = new Body();
  private HttpResponse response;
  private FutureCallback<Void> resultCallback;
  private CapacityChannel channel;
  private Exception failure;
  private Future<?> exchange;
  private boolean ended;
  private boolean released;
  private boolean aborted;
  private long creditBytes = WINDOW_BYTES;
  private long bufferedBytes;

  MultiplexedResponse(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  /** Ties the running exchange to this response so that aborting can cancel it. */
  void attach(Future<?> running) {
    boolean cancel;
    lock.lock();
    try {
      exchange = running;
      cancel = aborted;
    } finally {
      lock.unlock();
    }
    if (cancel) {
      running.cancel(true);
    }
  }

  /** Records failures the client reports outside the consumer (connect, TLS, cancellation). */
  FutureCallback<Void> outcome() {
    return new FutureCallback<>() {
      @Override
      public void completed(Void result) {}

      @Override
      public void failed(Exception e) {
        MultiplexedResponse.this.failed(e);
      }

      @Override
      public void cancelled() {
        MultiplexedResponse.this.failed(new InterruptedIOException("the request was cancelled"));
      }
    };
  }

  /** Waits for the response headers, at most {@code timeout}. */
  HttpResponse awaitHeaders(Duration timeout) throws IOException {
    lock.lock();
    try {
      long leftNanos = timeout.toNanos();
      while (response == null) {
        throwIfFailed();
        if (released) {
          throw new ConnectionClosedException("the stream closed before the response headers");
        }
        if (leftNanos <= 0) {
          throw new SocketTimeoutException(
              "no response headers within " + timeout.toSeconds() + " s");
        }
        leftNanos = changed.awaitNanos(leftNanos);
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the response");
    } finally {
      lock.unlock();
    }
  }

  // ---- Exchange.Body: the reading side

  @Override
  public InputStream content() {
    return body;
  }

  /** A stream read to its end is finished; anything else is reset. */
  @Override
  public void release() {
    boolean finished;
    lock.lock();
    try {
      finished = ended && chunks.isEmpty();
    } finally {
      lock.unlock();
    }
    if (!finished) {
      abort();
    }
  }

  @Override
  public void abort() {
    Future<?> running;
    lock.lock();
    try {
      aborted = true;
      running = exchange;
      chunks.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (running != null) {
      running.cancel(true);
    }
  }

  // ---- AsyncResponseConsumer: called on the I/O reactor thread

  @Override
  public void consumeResponse(
      HttpResponse answer,
      EntityDetails entityDetails,
      HttpContext context,
      FutureCallback<Void> callback) {
    lock.lock();
    try {
      response = answer;
      resultCallback = callback;
      ended = entityDetails == null;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (entityDetails == null) {
      callback.completed(null);
    }
  }

  @Override
  public void informationResponse(HttpResponse answer, HttpContext context) {}

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    long grant;
    lock.lock();
    try {
      channel = capacityChannel;
      grant = grantLocked();
    } finally {
      lock.unlock();
    }
    if (grant > 0) {
      capacityChannel.update((int) grant);
    }
  }

  @Override
  public void consume(ByteBuffer data) {
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    ByteBuffer copy = ByteBuffer.allocate(n);
    copy.put(data).flip();
    lock.lock();
    try {
      creditBytes -= n;
      if (!aborted) {
        chunks.add(copy);
        bufferedBytes += n;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) {
    FutureCallback<Void> callback;
    lock.lock();
    try {
      ended = true;
      callback = resultCallback;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (callback != null) {
      callback.completed(null);
    }
  }

  @Override
  public void failed(Exception cause) {
    lock.lock();
    try {
      if (failure == null && !ended) {
        failure = cause;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void releaseResources() {
    lock.lock();
    try {
      released = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * How much window to give back now: what brings the stream's outstanding window plus what is
   * buffered back to {@link #WINDOW_BYTES}, once that is a worthwhile step. Below the step the
   * server still holds at least three quarters of the window, so waiting costs it nothing, and a
   * small file never sends a WINDOW_UPDATE at all.
   */
  private long grantLocked() {
    long grant = WINDOW_BYTES - creditBytes - bufferedBytes;
    if (ended || aborted || grant < GRANT_STEP_BYTES) {
      return 0;
    }
    creditBytes += grant;
    return grant;
  }

  private void throwIfFailed() throws IOException {
    if (aborted) {
      throw new RequestFailedException("the request was aborted");
    }
    if (failure instanceof IOException io) {
      throw io;
    }
    if (failure instanceof HttpException protocol) {
      throw new IOException(protocol.getMessage(), protocol);
    }
    if (failure != null) {
      throw new IOException(Failures.oneLine(String.valueOf(failure.getMessage())), failure);
    }
  }

  /**
   * The reader's side: blocks (bounded by the read timeout) until data, the end, or a failure,
   * then hands over everything buffered that fits: servers send DATA frames of 8 to 16 KiB, and
   * each read the engine makes costs it a positioned write.
   */
  private final class Body extends InputStream {

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      int n;
      long grant;
      CapacityChannel capacity;
      lock.lock();
      try {
        long leftNanos = readTimeout.toNanos();
        while (chunks.isEmpty()) {
          throwIfFailed();
          if (ended) {
            return -1;
          }
          if (released) {
            throw new ConnectionClosedException("the stream closed before its end");
          }
          if (leftNanos <= 0) {
            throw new SocketTimeoutException(
                "no data for " + readTimeout.toSeconds() + " s on an HTTP/2 stream");
          }
          leftNanos = changed.awaitNanos(leftNanos);
        }
        n = 0;
        while (n < length && !chunks.isEmpty()) {
          ByteBuffer head = chunks.peek();
          int taken = Math.min(length - n, head.remaining());
          head.get(buffer, offset + n, taken);
          n += taken;
          if (!head.hasRemaining()) {
            chunks.poll();
          }
        }
        bufferedBytes -= n;
        capacity = channel;
        grant = capacity == null ? 0 : grantLocked();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading an HTTP/2 stream");
      } finally {
        lock.unlock();
      }
      if (grant > 0) {
        capacity.update((int) grant);
      }
      return n;
    }

    @Override
    public int available() {
      lock.lock();
      try {
        return (int) Math.min(Integer.MAX_VALUE, bufferedBytes);
      } finally {
        lock.unlock();
      }
    }
  }
}
