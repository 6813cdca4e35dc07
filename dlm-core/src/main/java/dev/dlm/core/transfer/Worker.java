package dev.dlm.core.transfer;

import dev.dlm.core.DownloadSnapshot.PartState;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One connection's loop: take a part, stream it into the file at its offsets, retry it after
 * transient errors, take the next (or a stolen) part, until there is none. Runs on its own virtual
 * thread and is never interrupted (an interrupt would close the shared file channel); stop and stall
 * are signalled by closing its stream instead.
 */
final class Worker implements Runnable {

  static final int BUFFER_BYTES = 64 * 1024;

  private final Transfer transfer;
  private final Connection connection = new Connection();
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final ByteBuffer view = ByteBuffer.wrap(buffer);

  Worker(Transfer transfer) {
    this.transfer = transfer;
  }

  @Override
  public void run() {
    transfer.register(connection);
    transfer.throttle().enter();
    try {
      Part part;
      while ((part = transfer.scheduler().next()) != null) {
        if (!fetch(part)) {
          return;
        }
      }
    } finally {
      transfer.throttle().leave();
      transfer.unregister(connection);
    }
  }

  /** Fills {@code part}; returns false when this worker must exit (stop, failure, retired). */
  private boolean fetch(Part part) {
    int failures = 0;
    while (true) {
      if (transfer.halted()) {
        leave(part);
        return false;
      }
      Origin origin = transfer.origins().next();
      long before = part.writtenByte();
      TransferException failure;
      try {
        if (stream(part, origin)) {
          part.state(PartState.DONE);
          return true;
        }
        leave(part);
        return false;
      } catch (LocalWriteFailure e) {
        part.state(PartState.FAILED);
        transfer.fail(e.cause());
        leave(part);
        return false;
      } catch (TransferException e) {
        failure = e;
      } catch (RuntimeException | Error e) {
        // A protocol's bug (or one built against another SPI: NoSuchMethodError) fails the download;
        // left to kill this thread, it would end the transfer as if the user had stopped it.
        failure = new TransferException(ErrorKind.PROTOCOL_ERROR, "the protocol failed unexpectedly: " + e, e);
      } catch (IOException e) {
        failure = connection.stalled()
            ? new TransferException(ErrorKind.TIMEOUT, "a connection was slower than the low-speed limit", e)
            : new TransferException(ErrorKind.NETWORK, "the connection broke: " + e.getMessage(), e);
      } finally {
        connection.detach();
      }
      part.rewind();
      if (transfer.halted()) {
        leave(part);
        return false;
      }
      if (part.writtenByte() > before) {
        failures = 0;
      }
      if (failure.kind() == ErrorKind.TOO_MANY_CONNECTIONS && transfer.scheduler().retire(part)) {
        return false;
      }
      if (!failure.retryable()) {
        if (canDropMirror(failure) && transfer.origins().dropIfOthersRemain(origin)) {
          continue;
        }
        part.state(PartState.FAILED);
        transfer.fail(failure);
        leave(part);
        return false;
      }
      failures++;
      if (failures >= transfer.retry().maxAttempts()) {
        part.state(PartState.FAILED);
        transfer.fail(new TransferException(
            failure.kind(), failure.getMessage() + " (gave up after " + failures + " tries)", failure));
        leave(part);
        return false;
      }
      Duration delay = Backoff.delay(transfer.retry(), failures, failure.retryAfter());
      transfer.publish(new DownloadEvent.Retrying(transfer.id(), failures, delay, failure.kind(), failure.getMessage()));
      if (!transfer.pause(delay)) {
        leave(part);
        return false;
      }
    }
  }

  /**
   * Streams the part from {@code origin} under a permit of the origin's host; returns true when the
   * part is complete, false when the transfer halted meanwhile. A read never asks for more than the
   * part's unclaimed bytes, and a thief leaves a margin of one buffer, so a split costs no wasted
   * read. Under a rate limit each read is paid for before it happens and asks for no more than was
   * paid; what it did not use is refunded.
   */
  private boolean stream(Part part, Origin origin) throws IOException, LocalWriteFailure {
    String host = HostBudget.hostOf(origin.source().uri());
    if (!transfer.hosts().acquire(host, transfer, transfer::halted)) {
      return false;
    }
    try {
      return streamWithPermit(part, origin);
    } finally {
      transfer.hosts().release(host, transfer);
    }
  }

  private boolean streamWithPermit(Part part, Origin origin) throws IOException, LocalWriteFailure {
    ByteRange range;
    if (transfer.rangeable()) {
      range = new ByteRange(part.writtenByte(), part.endByte());
    } else {
      if (part.writtenByte() > part.startByte()) {
        transfer.restartPart(part);
      }
      range = ByteRange.all();
    }
    RangeStream stream = origin.protocol().open(origin.source(), origin.resource(), range);
    connection.attach(stream, System.nanoTime());
    Throttle throttle = transfer.throttle();
    try {
      InputStream body = stream.body();
      while (!transfer.halted()) {
        long unclaimed = part.unclaimedBytes();
        if (unclaimed == 0) {
          return part.finished();
        }
        long paid = throttle.acquire(Math.min(throttle.readSize(buffer.length), unclaimed), transfer::halted);
        if (paid == 0) {
          return false;
        }
        int n = 0;
        try {
          n = body.read(buffer, 0, (int) paid);
        } finally {
          throttle.refund(paid - Math.max(0, n));
        }
        if (n < 0) {
          if (part.endByte() < 0) {
            part.endHere();
            return true;
          }
          if (part.finished()) {
            return true;
          }
          throw new TransferException(
              ErrorKind.TRUNCATED,
              "the server ended a part early at byte " + part.writtenByte() + " of " + part.endByte());
        }
        if (n == 0) {
          continue;
        }
        long allowed = part.claim(n);
        if (allowed > 0) {
          long at = part.writtenByte();
          view.limit((int) allowed).position(0);
          transfer.write(view, at, readyNow(body));
          part.commit(allowed);
          transfer.wrote(connection, allowed);
        }
        if (part.finished()) {
          return true;
        }
      }
      return false;
    } finally {
      try {
        stream.close();
      } catch (IOException | RuntimeException ignored) {
        // abandoning a stream early may fail; the bytes that matter are written
      }
    }
  }

  /** Whether {@code body} holds bytes a read would take without waiting; false when it cannot say. */
  private static boolean readyNow(InputStream body) {
    try {
      return body.available() > 0;
    } catch (IOException e) {
      return false; // the next read meets the failure and reports it
    }
  }

  private void leave(Part part) {
    if (part.state() == PartState.ACTIVE) {
      part.state(part.finished() ? PartState.DONE : PartState.PENDING);
    }
    transfer.scheduler().leave();
  }

  private static boolean canDropMirror(TransferException e) {
    return switch (e.kind()) {
      case RANGE_IGNORED, REMOTE_CHANGED, CANCELLED -> false;
      default -> true;
    };
  }
}
