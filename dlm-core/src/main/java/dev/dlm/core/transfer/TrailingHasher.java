package dev.dlm.core.transfer;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
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
 * ways:
 *
 * <ul>
 *   <li>A connection whose write extends the prefix hands over the bytes it has just written
 *       ({@link #offer}); with one connection that is every byte. Who hashes them follows one rule:
 *       the connection's thread, if it would otherwise wait for the network; the hasher thread, from
 *       a copy in a small queue, if the connection's next bytes are already there. So on a fast
 *       link SHA-256 (about 0.7 CPU s per GiB) runs beside the connection instead of in series with
 *       its reads (1 GiB over FTP, one connection: 4.4 -> 3.4 s), and where the source is the
 *       bound it costs no copy and no hand-over (SFTP, whose decryption is the bound: handing every
 *       byte over cost about 1 CPU s per GiB more; docs/design/engine.md, "Who hashes").
 *   <li>The hasher thread reads back from the file (from the page cache, usually) whatever prefix
 *       several connections wrote out of order, on resume the prefix already on disk, and what an
 *       offer could not queue because the hasher had fallen {@link #QUEUED_CHUNKS} chunks behind.
 * </ul>
 *
 * <p>One lock keeps the feeds, and a part that starts over ({@link #startOver}), in order; a queued
 * offer takes only a second, short one around the queue. The hasher thread reads back into a direct
 * buffer of 256 KiB borrowed from {@link HashBuffers} while it runs: a heap buffer would make every
 * file read go through a temporary direct buffer of the same size that the JDK caches per carrier
 * thread, doubling the memory for no gain. {@link #finish} wakes the hasher at once rather than
 * letting it sleep out its idle back-off. On a transfer's light path no hasher thread is started:
 * the one worker's offers are hashed at once, and {@link #finishInline} hands out the digests.
 */
final class TrailingHasher {

  static final String SHA_256 = "SHA-256";
  private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** How far the hasher may fall behind the offers before they are left to the read-back. */
  static final int QUEUED_CHUNKS = 32;

  /** Queued chunks that wake a parked hasher: one wake-up per half MiB, not one per offer. */
  private static final int WAKE_AT_CHUNKS = 8;

  private final PartChannel channel;
  private final Supplier<RangeSet> written;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>(); // guarded by lock
  private final ReentrantLock queueLock = new ReentrantLock(); // taken after lock, never before
  private final ArrayDeque<Chunk> queue = new ArrayDeque<>(); // guarded by queueLock
  private final ArrayDeque<byte[]> spareChunks = new ArrayDeque<>(); // guarded by queueLock
  private int allocatedChunks; // guarded by queueLock
  private long queuedEndBytes; // guarded by queueLock: where the last chunk queued ends
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
   * prefix they are hashed now, on the connection's thread, when it would otherwise wait for the
   * network ({@code moreReady} false) or there is no hasher thread (the light path). When the
   * connection's next bytes are already there, they go to the hasher thread as a copy instead, so
   * hashing does not hold the connection back. What neither takes, the read-back gets.
   */
  void offer(ByteBuffer bytes, long positionBytes, boolean moreReady) {
    if ((thread == null || !moreReady) && hashNow(bytes, positionBytes)) {
      return;
    }
    if (thread == null) {
      return;
    }
    boolean wake = false;
    queueLock.lock();
    try {
      // Past the hashed bytes, up to queuedEndBytes, every byte is in a queued chunk or the one
      // being hashed; past a read-back, hashedBytes is further.
      long next = Math.max(hashedBytes, queuedEndBytes);
      int length = bytes.remaining();
      if (positionBytes != next || length > Worker.BUFFER_BYTES) {
        return;
      }
      byte[] chunk = spareChunks.poll();
      if (chunk == null) {
        if (allocatedChunks == QUEUED_CHUNKS) {
          return; // the hasher is behind; it reads these bytes back once it has caught up
        }
        chunk = new byte[Worker.BUFFER_BYTES];
        allocatedChunks++;
      }
      bytes.duplicate().get(chunk, 0, length);
      queue.add(new Chunk(chunk, length));
      queuedEndBytes = positionBytes + length;
      wake = queue.size() == WAKE_AT_CHUNKS;
    } finally {
      queueLock.unlock();
    }
    if (wake) {
      LockSupport.unpark(thread);
    }
  }

  /** Hashes {@code bytes} now if they extend the hashed prefix and nothing queued comes first. */
  private boolean hashNow(ByteBuffer bytes, long positionBytes) {
    if (positionBytes != hashedBytes) {
      return false;
    }
    lock.lock();
    try {
      if (positionBytes != hashedBytes || queuedEndBytesNow() > hashedBytes) {
        return false;
      }
      int length = bytes.remaining();
      for (MessageDigest digest : digests.values()) {
        digest.update(bytes.duplicate());
      }
      hashedBytes += length;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** How many bytes from the first are hashed (for tests). */
  long hashedBytes() {
    return hashedBytes;
  }

  private long queuedEndBytesNow() {
    queueLock.lock();
    try {
      return queuedEndBytes;
    } finally {
      queueLock.unlock();
    }
  }

  /**
   * Runs {@code restart}, which moves a part's written bytes back to its first byte, and starts the
   * digests over, with no read-back or offer in between that could hash the bytes being replaced.
   */
  void startOver(Runnable restart) {
    lock.lock();
    queueLock.lock();
    try {
      restart.run();
      while (!queue.isEmpty()) {
        spareChunks.add(queue.poll().bytes());
      }
      queuedEndBytes = 0;
      reset();
    } finally {
      queueLock.unlock();
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
        // The written ranges are read before the queue is looked at: a chunk queued after that
        // look is counted as written after this read, so the read-back cannot take it as well.
        RangeSet done = written.get();
        hashed = hashQueued() || readBack(done, target);
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

  /** Under the lock: hashes the oldest queued chunk, if there is one, and says whether it did. */
  private boolean hashQueued() {
    Chunk chunk;
    queueLock.lock();
    try {
      chunk = queue.poll();
    } finally {
      queueLock.unlock();
    }
    if (chunk == null) {
      return false;
    }
    for (MessageDigest digest : digests.values()) {
      digest.update(chunk.bytes(), 0, chunk.length());
    }
    hashedBytes += chunk.length();
    queueLock.lock();
    try {
      spareChunks.add(chunk.bytes());
    } finally {
      queueLock.unlock();
    }
    return true;
  }

  /**
   * Under the lock, with the queue empty: hashes one chunk of the counted prefix in {@code done}
   * past the hashed bytes, if there is one, and says whether it did. The prefix may lag the hashed
   * bytes while an offered write is not counted yet; there is nothing to read then.
   */
  private boolean readBack(RangeSet done, long target) throws IOException {
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

  /** An offered write's copy, waiting for the hasher thread. */
  private record Chunk(byte[] bytes, int length) {}
}
