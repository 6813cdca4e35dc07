package dev.dlm.core;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.spi.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A real, in-memory implementation of the protocol SPI for the engine's tests: it serves generated
 * bytes under {@code bytes://test/NAME} and injects the faults real servers produce (dropped
 * connections, ignored ranges, a file that changes, slow peers, status errors, Retry-After), and
 * counts what it served.
 */
final class BytesProtocol implements Protocol {

  static final String SCHEME = "bytes";

  private final Map<String, Served> files = new ConcurrentHashMap<>();
  private final Map<String, List<ManifestResource.Entry>> manifests = new ConcurrentHashMap<>();
  /** Streams open now and the most ever open at once, over every file (all on host "test"). */
  final AtomicInteger openStreams = new AtomicInteger();
  final AtomicInteger peakOpenStreams = new AtomicInteger();
  /** What {@link #preferredConnections} answers, as a protocol with costly connections would. */
  volatile OptionalInt preferredConnections = OptionalInt.empty();

  /** A provider that always hands out this instance. */
  ProtocolProvider provider() {
    BytesProtocol self = this;
    return new ProtocolProvider() {
      @Override
      public Set<String> schemes() {
        return Set.of(SCHEME);
      }

      @Override
      public Protocol create(ProtocolContext context) {
        return self;
      }
    };
  }

  static URI uri(String name) {
    return URI.create(SCHEME + "://test/" + name);
  }

  /** Serves {@code lengthBytes} bytes generated from {@code seed} under {@code name}. */
  Served serve(String name, int lengthBytes, long seed) {
    Served served = new Served(generate(lengthBytes, seed));
    files.put(uri(name).getPath(), served);
    return served;
  }

  void serveManifest(String name, List<ManifestResource.Entry> entries) {
    manifests.put(uri(name).getPath(), entries);
  }

  static byte[] generate(int lengthBytes, long seed) {
    byte[] bytes = new byte[lengthBytes];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Override
  public Resource probe(Source source) throws TransferException {
    List<ManifestResource.Entry> manifest = manifests.get(source.uri().getPath());
    if (manifest != null) {
      return new ManifestResource(manifest);
    }
    Served served = find(source);
    served.probes.incrementAndGet();
    LockSupport.parkNanos(served.probeDelay.toNanos());
    if (served.brokenWith != null && served.breaksProbes) {
      throw served.brokenWith;
    }
    if (served.permanent != null) {
      throw new TransferException(served.permanent, "the server says " + served.permanent.code());
    }
    byte[] content = served.content;
    long length = served.lengthKnown ? content.length : -1;
    return new RangedResource(
        source.uri(), length, served.rangeable, new Validator(Optional.of(served.etag), Optional.empty(), length),
        Optional.ofNullable(served.suggestedName), Optional.ofNullable(served.digest));
  }

  @Override
  public OptionalInt preferredConnections(Source source, RangedResource resource) {
    return preferredConnections;
  }

  @Override
  public RangeStream open(Source source, RangedResource resource, ByteRange range) throws TransferException {
    Served served = find(source);
    int open = served.opens.incrementAndGet();
    if (served.brokenWith != null) {
      throw served.brokenWith;
    }
    if (served.permanent != null || (served.failOpensAfter >= 0 && open > served.failOpensAfter)) {
      ErrorKind kind = served.permanent != null ? served.permanent : served.failKind;
      throw new TransferException(kind, "the server says " + kind.code());
    }
    if (served.transientFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new TransferException(served.failKind, "the server says " + served.failKind.code(), served.retryAfter, null);
    }
    if (!range.isAll() && (served.ignoreRanges || !served.rangeable)) {
      throw new TransferException(ErrorKind.RANGE_IGNORED, "the server ignored the range");
    }
    if (!resource.validator().etag().orElse("").equals(served.etag)) {
      throw new TransferException(ErrorKind.REMOTE_CHANGED, "the remote file changed");
    }
    byte[] content = served.content;
    long end = range.bounded() ? range.endByte() : content.length;
    if (range.startByte() > content.length || end > content.length) {
      throw new TransferException(ErrorKind.RANGE_NOT_SATISFIABLE, "range beyond the end");
    }
    if (range.startByte() == served.slowFromByte) {
      served.opened.add(range);
      served.slowOpened.countDown();
    } else {
      if (served.othersAwaitTheSlowOpen) {
        awaitSlowOpen(served);
      }
      served.opened.add(range);
    }
    peakOpenStreams.accumulateAndGet(openStreams.incrementAndGet(), Math::max);
    return new Stream(served, content, (int) range.startByte(), (int) end, openStreams::decrementAndGet);
  }

  private static void awaitSlowOpen(Served served) throws TransferException {
    try {
      if (!served.slowOpened.await(10, TimeUnit.SECONDS)) {
        throw new TransferException(ErrorKind.TIMEOUT, "the slow range was never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransferException(ErrorKind.CANCELLED, "interrupted", e);
    }
  }

  private Served find(Source source) throws TransferException {
    Served served = files.get(source.uri().getPath());
    if (served == null) {
      throw new TransferException(ErrorKind.NOT_FOUND, "no such file: " + source.uri().getPath());
    }
    return served;
  }

  /** One served file and its faults; tests change the fields while downloads run. */
  static final class Served {
    volatile byte[] content;
    volatile String etag = "\"v1\"";
    volatile boolean rangeable = true;
    volatile boolean lengthKnown = true;
    volatile boolean ignoreRanges;
    volatile String suggestedName;
    volatile ContentDigest digest;
    volatile ErrorKind permanent;
    volatile int failOpensAfter = -1;
    volatile ErrorKind failKind = ErrorKind.SERVER_ERROR;
    volatile Duration retryAfter;
    volatile Duration probeDelay = Duration.ZERO;
    /** Thrown by every open (and by the probe too if {@link #breaksProbes}): a protocol's bug. */
    volatile Error brokenWith;
    volatile boolean breaksProbes;
    volatile long dropAfterBytes = -1;
    volatile int slowFromByte = -1;
    /** Other ranges are served only once the slow one is open, so it is opened whole. */
    volatile boolean othersAwaitTheSlowOpen;
    final CountDownLatch slowOpened = new CountDownLatch(1);
    volatile long slowNanosPerKiB;
    final AtomicInteger transientFailures = new AtomicInteger();
    final AtomicLong budgetBytes = new AtomicLong(Long.MAX_VALUE);
    final AtomicLong servedBytes = new AtomicLong();
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger probes = new AtomicInteger();
    final List<ByteRange> opened = new CopyOnWriteArrayList<>();

    Served(byte[] content) {
      this.content = content;
    }

    byte[] content() {
      return content;
    }

    /** Replaces the file with another version. */
    void change(byte[] newContent, String newEtag) {
      content = newContent;
      etag = newEtag;
    }

    /** Streams block (until closed or more budget) once this many bytes were served in total. */
    void limitBudget(long bytes) {
      budgetBytes.set(bytes);
    }

    void unlimitBudget() {
      budgetBytes.set(Long.MAX_VALUE);
    }
  }

  private static final class Stream implements RangeStream {
    private final Served served;
    private final byte[] content;
    private final int end;
    private final long dropAfter;
    private final boolean slow;
    private final String etag;
    private final Runnable onClose;
    private final AtomicBoolean closing = new AtomicBoolean();
    private int position;
    private long sent;
    private volatile boolean closed;

    Stream(Served served, byte[] content, int start, int end, Runnable onClose) {
      this.served = served;
      this.content = content;
      this.position = start;
      this.end = end;
      this.dropAfter = served.dropAfterBytes;
      this.slow = served.slowFromByte == start;
      this.etag = served.etag;
      this.onClose = onClose;
    }

    @Override
    public InputStream body() {
      return new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
          if (closed) {
            throw new IOException("stream closed");
          }
          if (position >= end) {
            return -1;
          }
          checkVersion();
          if (dropAfter >= 0 && sent >= dropAfter) {
            throw new IOException("connection reset by the test server");
          }
          int n = Math.min(length, end - position);
          if (dropAfter >= 0) {
            n = (int) Math.min(n, dropAfter - sent);
          }
          if (slow) {
            n = Math.min(n, 1024);
            LockSupport.parkNanos(served.slowNanosPerKiB);
          }
          n = (int) Math.min(n, takeBudget(n));
          if (closed) {
            throw new IOException("stream closed");
          }
          checkVersion();
          System.arraycopy(content, position, buffer, offset, n);
          position += n;
          sent += n;
          served.servedBytes.addAndGet(n);
          return n;
        }
      };
    }

    /** Like a server that notices its file was replaced under an open response. */
    private void checkVersion() throws TransferException {
      if (!etag.equals(served.etag)) {
        throw new TransferException(ErrorKind.REMOTE_CHANGED, "the remote file changed");
      }
    }

    /** Takes up to {@code wanted} bytes of the budget, blocking while it is empty. */
    private long takeBudget(int wanted) throws IOException {
      while (true) {
        long left = served.budgetBytes.get();
        if (left == Long.MAX_VALUE) {
          return wanted;
        }
        if (left > 0) {
          long take = Math.min(left, wanted);
          if (served.budgetBytes.compareAndSet(left, left - take)) {
            return take;
          }
          continue;
        }
        if (closed) {
          throw new IOException("stream closed");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
    }

    @Override
    public void close() {
      closed = true;
      if (closing.compareAndSet(false, true)) {
        onClose.run();
      }
    }
  }
}
