package dev.dlm.core.transfer;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Hashes the file while it downloads, so the digest is ready moments after the last byte instead of
 * costing a second full read. The digests cover the contiguous written prefix from byte 0, fed two
 * ways: a connection whose write extends the hashed prefix hands over the bytes it has just written
 * ({@link #offer}; with one connection that is every byte, and nothing is read back), and a hasher
 * thread reads back from the file (from the page cache, usually) whatever prefix the connections
 * wrote out of order, and on resume the prefix already on disk. One lock keeps the two feeds, and a
 * part that starts over ({@link #startOver}), in order.
 *
 * <p>The hasher thread reads into a direct buffer of 256 KiB borrowed from {@link HashBuffers} while
 * it runs: a heap buffer would make every file read go through a temporary direct buffer of the
 * same size that the JDK caches per carrier thread, doubling the memory for no gain. {@link #finish}
 * wakes the hasher at once rather than letting it sleep out its idle back-off, so the digest of a
 * small file is there as soon as its last byte.
 *
 * <p>On a transfer's light path no hasher thread is started: the one worker's {@link #offer}s are
 * the whole feed, and {@link #finishInline} hands out the digests.
 */
final class TrailingHasher {

  static final String SHA_256 = "SHA-256";
  private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final PartChannel channel;
  private final Supplier<RangeSet> written;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>(); // guarded by lock
  private ByteBuffer buffer; // the hasher thread's own while it runs
  private volatile long finalBytes = -1;
  private volatile boolean cancelled;
  private volatile TransferException failure;
  private Thread thread;
  private volatile long hashedBytes; // written under lock

  TrailingHasher(PartChannel channel, Supplier<RangeSet> written, Set<String> algorithms) {
    this.channel = channel;
    this.written = written;
    try {
      digests.put(SHA_256, MessageDigest.getInstance(SHA_256));
      for (String algorithm : algorithms) {
        if (!digests.containsKey(algorithm)) {
          digests.put(algorithm, MessageDigest.getInstance(algorithm));
        }
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("unsupported digest: " + e.getMessage(), e);
    }
  }

  void start() {
    thread = Thread.ofVirtual().name("dlm-hasher").start(this::follow);
  }

  void cancel() {
    cancelled = true;
  }

  /** Waits until the first {@code totalBytes} are hashed; returns each algorithm's digest. */
  Map<String, byte[]> finish(long totalBytes) throws TransferException {
    finalBytes = totalBytes;
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(ErrorKind.CANCELLED, "interrupted while verifying", e);
    }
    if (failure != null) {
      throw failure;
    }
    lock.lock();
    try {
      if (hashedBytes != totalBytes) { // the hasher thread died of something unforeseen
        throw new TransferException(
            ErrorKind.LOCAL_IO,
            "the download could not be verified: only " + hashedBytes + " of " + totalBytes + " bytes were hashed");
      }
      Map<String, byte[]> result = new LinkedHashMap<>();
      digests.forEach((name, digest) -> result.put(name, digest.digest()));
      return result;
    } finally {
      lock.unlock();
    }
  }

  /**
   * A connection's feed: {@code bytes} were just written at {@code positionBytes}, and are not yet
   * counted as written (so the read-back cannot take them meanwhile). If they extend the hashed
   * prefix they are hashed now, from the connection's buffer; otherwise the read-back gets them.
   * The lock is held by the read-back for at most one chunk.
   */
  void offer(ByteBuffer bytes, long positionBytes) {
    if (positionBytes != hashedBytes) {
      return;
    }
    lock.lock();
    try {
      if (positionBytes != hashedBytes) {
        return;
      }
      int length = bytes.remaining();
      for (MessageDigest digest : digests.values()) {
        digest.update(bytes.duplicate());
      }
      hashedBytes += length;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code restart}, which moves a part's written bytes back to its first byte, and starts the
   * digests over, with no read-back or offer in between that could hash the bytes being replaced.
   */
  void startOver(Runnable restart) {
    lock.lock();
    try {
      restart.run();
      reset();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The light path's digests of the first {@code totalBytes}: those fed by {@link #offer}, or, if
   * the feed did not cover exactly them, read back from the file on the calling thread.
   */
  Map<String, byte[]> finishInline(long totalBytes) throws TransferException {
    lock.lock();
    try {
      if (hashedBytes != totalBytes) {
        reset();
        buffer = HashBuffers.take();
        try {
          while (hashedBytes < totalBytes) {
            hashChunk(totalBytes);
          }
        } catch (IOException e) {
          throw new TransferException(ErrorKind.LOCAL_IO, "cannot read back the download to verify it: " + e.getMessage(), e);
        } finally {
          HashBuffers.give(buffer);
          buffer = null;
        }
      }
      Map<String, byte[]> result = new LinkedHashMap<>();
      digests.forEach((name, digest) -> result.put(name, digest.digest()));
      return result;
    } finally {
      lock.unlock();
    }
  }

  private void follow() {
    buffer = HashBuffers.take();
    try {
      trail();
    } finally {
      HashBuffers.give(buffer);
      buffer = null;
    }
  }

  private void trail() {
    long idleNanos = MIN_IDLE_NANOS;
    while (!cancelled) {
      long target = finalBytes;
      boolean hashed;
      lock.lock();
      try {
        if (target >= 0 && hashedBytes >= target) {
          return;
        }
        hashed = readBack(target);
      } catch (IOException e) {
        failure = new TransferException(ErrorKind.LOCAL_IO, "cannot read back the download to verify it: " + e.getMessage(), e);
        return;
      } finally {
        lock.unlock();
      }
      if (hashed) {
        idleNanos = MIN_IDLE_NANOS;
      } else {
        LockSupport.parkNanos(target >= 0 ? MIN_IDLE_NANOS : idleNanos);
        idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
      }
    }
  }

  /**
   * Under the lock: hashes one chunk of the counted prefix past the hashed bytes, if there is one,
   * and says whether it did. The prefix may lag the hashed bytes while an offered write is not
   * counted yet; there is nothing to read then.
   */
  private boolean readBack(long target) throws IOException {
    RangeSet done = written.get();
    long prefix = !done.isEmpty() && done.start(0) == 0 ? done.end(0) : 0;
    long limit = target >= 0 ? Math.min(prefix, target) : prefix;
    if (hashedBytes >= limit) {
      return false;
    }
    hashChunk(limit);
    return true;
  }

  private void hashChunk(long limit) throws IOException {
    buffer.clear();
    buffer.limit((int) Math.min(buffer.capacity(), limit - hashedBytes));
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, hashedBytes + buffer.position());
      if (n < 0) {
        throw new IOException("the file is shorter than its written bytes");
      }
    }
    buffer.flip();
    for (MessageDigest digest : digests.values()) {
      digest.update(buffer.duplicate());
    }
    hashedBytes += buffer.limit();
  }

  private void reset() {
    digests.values().forEach(MessageDigest::reset);
    hashedBytes = 0;
  }
}
