package dev.dlm.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.core.ForwardingPartChannel;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hasher's two feeds (the connections' offers, queued for its thread or hashed at once on the
 * light path, and its own read-back) and a part starting over must add up to the digest of exactly
 * the file's bytes, whatever order the writes come in, reading back only what was not offered.
 */
class TrailingHasherTest {

  @TempDir Path dir;

  @Test
  void offersInFileOrderAreTheWholeLightFeedAndNothingIsReadBack() throws Exception {
    byte[] content = bytes(1, 1_000_003);
    try (CountingChannel file = new CountingChannel(dir.resolve("ordered.part"))) {
      Written written = new Written();
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());

      writeInOrder(file, hasher, written, content, 0, content.length, new Random(2));

      assertThat(hasher.finishInline(content.length).get(TrailingHasher.SHA_256)).isEqualTo(sha256(content));
      assertThat(file.readBytes.get()).isZero();
    }
  }

  @Test
  void anOfferWhoseConnectionWouldWaitIsHashedBeforeTheOfferReturns() throws Exception {
    byte[] content = bytes(15, 3 * Worker.BUFFER_BYTES);
    try (CountingChannel file = new CountingChannel(dir.resolve("inline.part"))) {
      Written written = new Written();
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());
      hasher.start();

      for (int at = 0; at < content.length; at += Worker.BUFFER_BYTES) {
        file.write(ByteBuffer.wrap(content, at, Worker.BUFFER_BYTES), at);
        hasher.offer(ByteBuffer.wrap(content, at, Worker.BUFFER_BYTES), at, false);
        assertThat(hasher.hashedBytes()).isEqualTo(at + Worker.BUFFER_BYTES);
        written.add(at, at + Worker.BUFFER_BYTES);
      }

      assertThat(hasher.finish(content.length).get(TrailingHasher.SHA_256)).isEqualTo(sha256(content));
      assertThat(file.readBytes.get()).isZero();
    }
  }

  @Test
  void offersQueueForTheHasherThreadAndWhatCannotQueueIsReadBackInstead() throws Exception {
    int chunks = TrailingHasher.QUEUED_CHUNKS + 8;
    byte[] content = bytes(14, chunks * Worker.BUFFER_BYTES);
    try (CountingChannel file = new CountingChannel(dir.resolve("queued.part"))) {
      Written written = new Written();
      written.hold();
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());
      hasher.start();

      for (int i = 0; i < chunks; i++) { // the hasher is held: the first QUEUED_CHUNKS queue up
        int at = i * Worker.BUFFER_BYTES;
        file.write(ByteBuffer.wrap(content, at, Worker.BUFFER_BYTES), at);
        hasher.offer(ByteBuffer.wrap(content, at, Worker.BUFFER_BYTES), at, true);
        written.add(at, at + Worker.BUFFER_BYTES);
      }
      written.release();

      assertThat(hasher.finish(content.length).get(TrailingHasher.SHA_256)).isEqualTo(sha256(content));
      assertThat(file.readBytes.get())
          .as("only the offers past a full queue were read back")
          .isEqualTo((long) (chunks - TrailingHasher.QUEUED_CHUNKS) * Worker.BUFFER_BYTES);
    }
  }

  @Test
  void connectionsWritingTheirOwnPartsAtOnceAddUpToTheFilesDigest() throws Exception {
    byte[] content = bytes(3, 4_000_037);
    int parts = 4;
    try (CountingChannel file = new CountingChannel(dir.resolve("parts.part"))) {
      Written written = new Written();
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of("MD5"));
      hasher.start();

      List<Thread> writers = new ArrayList<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      long partBytes = content.length / parts + 1;
      for (int i = 0; i < parts; i++) {
        int from = (int) Math.min(content.length, i * partBytes);
        int to = (int) Math.min(content.length, from + partBytes);
        Random random = new Random(10 + i);
        writers.add(Thread.ofVirtual().start(() -> {
          try {
            writeInOrder(file, hasher, written, content, from, to, random);
          } catch (Throwable t) {
            failure.set(t);
          }
        }));
      }
      for (Thread writer : writers) {
        writer.join();
      }

      assertThat(failure.get()).isNull();
      Map<String, byte[]> digests = hasher.finish(content.length);
      assertThat(digests.get(TrailingHasher.SHA_256)).isEqualTo(sha256(content));
      assertThat(digests.get("MD5")).isEqualTo(MessageDigest.getInstance("MD5").digest(content));
      assertThat(file.readBytes.get()).as("no byte read back twice").isLessThanOrEqualTo(content.length);
    }
  }

  @Test
  void aPartThatStartsOverTakesTheDigestsWithItAndTheNewBytesCount() throws Exception {
    byte[] first = bytes(4, 700_001);
    byte[] second = bytes(5, 900_007);
    try (CountingChannel file = new CountingChannel(dir.resolve("restart.part"))) {
      Written written = new Written();
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());
      hasher.start();
      writeInOrder(file, hasher, written, first, 0, 400_000, new Random(6));

      hasher.startOver(() -> written.set(0));
      writeInOrder(file, hasher, written, second, 0, second.length, new Random(7));

      assertThat(hasher.finish(second.length).get(TrailingHasher.SHA_256)).isEqualTo(sha256(second));
    }
  }

  @Test
  void aResumedFileIsReadBackUpToTheNewBytesAndThenFedByThem() throws Exception {
    byte[] content = bytes(8, 2_000_011);
    int resumedAt = 1_234_567;
    try (CountingChannel file = new CountingChannel(dir.resolve("resumed.part"))) {
      file.write(ByteBuffer.wrap(content, 0, resumedAt), 0);
      Written written = new Written();
      written.set(resumedAt);
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());
      hasher.start();

      writeInOrder(file, hasher, written, content, resumedAt, content.length, new Random(9));

      assertThat(hasher.finish(content.length).get(TrailingHasher.SHA_256)).isEqualTo(sha256(content));
      assertThat(file.readBytes.get()).isBetween((long) resumedAt, (long) content.length);
    }
  }

  @Test
  void aHasherThatDiedGivesNoDigestOfPartOfTheFile() throws Exception {
    byte[] content = bytes(11, 300_000);
    try (CountingChannel file = new CountingChannel(dir.resolve("died.part"))) {
      file.write(ByteBuffer.wrap(content), 0);
      file.breakReadsWith = new AssertionError("a bug below the hasher");
      Written written = new Written();
      written.set(content.length);
      TrailingHasher hasher = new TrailingHasher(file, written::get, Set.of());
      hasher.start();

      assertThatThrownBy(() -> hasher.finish(content.length))
          .isInstanceOf(TransferException.class)
          .hasMessageContaining("only 0 of 300000 bytes were hashed");
    }
  }

  /**
   * Writes {@code content[from, to)} as a worker does: random read sizes, each written, offered
   * (with the stream's next bytes ready or not, at random), then counted as written.
   */
  private static void writeInOrder(
      PartChannel file, TrailingHasher hasher, Written written, byte[] content, int from, int to, Random random)
      throws IOException {
    int at = from;
    while (at < to) {
      int n = Math.min(to - at, 1 + random.nextInt(Worker.BUFFER_BYTES));
      file.write(ByteBuffer.wrap(content, at, n), at);
      hasher.offer(ByteBuffer.wrap(content, at, n), at, random.nextBoolean());
      written.add(at, at + n);
      at += n;
    }
  }

  private static byte[] bytes(long seed, int length) {
    byte[] data = new byte[length];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }

  /** The written ranges as the transfer reports them to the hasher, which can be held on asking. */
  private static final class Written {
    private final AtomicReference<RangeSet> ranges = new AtomicReference<>(RangeSet.empty());
    private volatile CountDownLatch held = new CountDownLatch(0);

    RangeSet get() {
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ranges.get();
    }

    void hold() {
      held = new CountDownLatch(1);
    }

    void release() {
      held.countDown();
    }

    void add(long start, long end) {
      ranges.updateAndGet(r -> r.add(start, end));
    }

    void set(long prefixEnd) {
      ranges.set(prefixEnd == 0 ? RangeSet.empty() : RangeSet.of(0, prefixEnd));
    }
  }

  /** A real file that counts what is read back from it, or breaks when read. */
  private static final class CountingChannel extends ForwardingPartChannel {
    final AtomicLong readBytes = new AtomicLong();
    volatile Error breakReadsWith;

    CountingChannel(Path path) throws IOException {
      super(PartOpener.files().open(path));
    }

    @Override
    public int read(ByteBuffer target, long positionBytes) throws IOException {
      if (breakReadsWith != null) {
        throw breakReadsWith;
      }
      int n = super.read(target, positionBytes);
      readBytes.addAndGet(Math.max(0, n));
      return n;
    }
  }
}
