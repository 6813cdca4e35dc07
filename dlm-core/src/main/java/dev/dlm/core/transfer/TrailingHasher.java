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
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Hashes the file while it downloads, so the digest is ready moments after the last byte instead of
 * costing a second full read. It follows the contiguous written prefix from byte 0 and reads it back
 * (from the page cache, usually) into every digest the download needs. On resume the prefix already
 * on disk is hashed first. When the transfer starts a part over ({@code epoch} changes) the digests
 * start over too.
 *
 * <p>It reads into a direct buffer of 256 KiB borrowed from {@link HashBuffers} while it runs: a heap
 * buffer would make every file read go through a temporary direct buffer of the same size that the
 * JDK caches per carrier thread, doubling the memory for no gain. {@link #finish} wakes the hasher at once rather than letting it
 * sleep out its idle back-off, so the digest of a small file is there as soon as its last byte.
 *
 * <p>On a transfer's light path no hasher thread is started: the one worker feeds the bytes it has
 * just written ({@link #offer}) and {@link #finishInline} hands out the digests.
 */
final class TrailingHasher {

  static final String SHA_256 = "SHA-256";
  private static final long MIN_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  /** A multiple of every digest's block size (64 bytes for MD5 to SHA-256, 128 for SHA-512) and of a page. */
  static final int ALIGN_BYTES = 4096;

  private final PartChannel channel;
  private final Supplier<RangeSet> written;
  private final IntSupplier epoch;
  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
  private ByteBuffer buffer; // the hasher thread's own while it runs
  private volatile long finalBytes = -1;
  private volatile boolean cancelled;
  private volatile TransferException failure;
  private Thread thread;
  private long hashedBytes;

  TrailingHasher(PartChannel channel, Supplier<RangeSet> written, IntSupplier epoch, Set<String> algorithms) {
    this.channel = channel;
    this.written = written;
    this.epoch = epoch;
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
    Map<String, byte[]> result = new LinkedHashMap<>();
    digests.forEach((name, digest) -> result.put(name, digest.digest()));
    return result;
  }

  /**
   * The light path's feed: {@code bytes} were just written at {@code positionBytes} by the one
   * connection of a transfer, which writes in file order. A write at an earlier position (the part
   * started over) starts the digests over; one past the hashed prefix (which a single connection
   * never makes) is left for {@link #finishInline} to read back.
   */
  void offer(ByteBuffer bytes, long positionBytes) {
    if (positionBytes < hashedBytes) {
      reset();
    }
    if (positionBytes != hashedBytes) {
      return;
    }
    int length = bytes.remaining();
    for (MessageDigest digest : digests.values()) {
      digest.update(bytes.duplicate());
    }
    hashedBytes += length;
  }

  /**
   * The light path's digests of the first {@code totalBytes}: those fed by {@link #offer}, or, if
   * the feed did not cover exactly them, read back from the file on the calling thread.
   */
  Map<String, byte[]> finishInline(long totalBytes) throws TransferException {
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
    int seenEpoch = epoch.getAsInt();
    long idleNanos = MIN_IDLE_NANOS;
    while (!cancelled) {
      long target = finalBytes;
      if (target >= 0 && hashedBytes >= target) {
        return;
      }
      RangeSet done = written.get();
      long prefix = !done.isEmpty() && done.start(0) == 0 ? done.end(0) : 0;
      long limit = target >= 0 && prefix >= target ? target : alignDown(prefix);
      if (epoch.getAsInt() != seenEpoch || prefix < hashedBytes) {
        seenEpoch = epoch.getAsInt();
        reset();
        continue;
      }
      if (hashedBytes >= limit) {
        LockSupport.parkNanos(target >= 0 ? MIN_IDLE_NANOS : idleNanos);
        idleNanos = Math.min(MAX_IDLE_NANOS, idleNanos * 2);
        continue;
      }
      idleNanos = MIN_IDLE_NANOS;
      try {
        hashChunk(limit);
      } catch (IOException e) {
        failure = new TransferException(ErrorKind.LOCAL_IO, "cannot read back the download to verify it: " + e.getMessage(), e);
        return;
      }
      if (epoch.getAsInt() != seenEpoch) {
        seenEpoch = epoch.getAsInt();
        reset();
      }
    }
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

  /**
   * Where to stop short of the end: a multiple of {@link #ALIGN_BYTES}, so that every update hands
   * the digests whole blocks. A digest keeps a partial block from one update to the next and
   * compresses it on its own in the next one, a call that runs in plain Java (no SHA-NI) until the
   * JIT gets to it, and the written prefix ends at arbitrary offsets.
   */
  private static long alignDown(long bytes) {
    return bytes - bytes % ALIGN_BYTES;
  }

  private void reset() {
    digests.values().forEach(MessageDigest::reset);
    hashedBytes = 0;
  }
}
