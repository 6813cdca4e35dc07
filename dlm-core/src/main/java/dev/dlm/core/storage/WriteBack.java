package dev.dlm.core.storage;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Starts the kernel's write-back of a file's freshly written ranges early, so the disk works while
 * the network does and the forces of checkpoints and of the finished file find little left to
 * write: a download then takes about max(network, disk) instead of network + disk. Linux only, via
 * {@code sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE)} through the FFM API; elsewhere,
 * or when the call fails, it does nothing. It is a hint, never a durability promise: checkpoints
 * still force the file before they record it.
 *
 * <p>The calls run on one platform thread of their own, fed through a queue, for two reasons: a
 * native call pins a virtual thread's carrier for as long as it runs, and {@code sync_file_range}
 * may block while the device queue is full; and connections must never wait for the disk. The
 * thread opens its own descriptor of the file (a {@code FileChannel} does not expose its own) on the
 * first request, so a small file that never asks costs nothing, and closes it when the part file
 * closes; requests and the close go through the same queue, so a descriptor is never used after it
 * was closed.
 */
final class WriteBack {

  private static final int SYNC_FILE_RANGE_WRITE = 2;
  private static final int O_RDONLY = 0;
  private static final int O_CLOEXEC = 0x80000;
  private static final AtomicLong STARTED_RANGES = new AtomicLong();

  private final Path file;
  private volatile boolean requested;
  private int fd = -1; // only the write-back thread touches it
  private boolean failed; // only the write-back thread touches it

  private WriteBack(Path file) {
    this.file = file;
  }

  /** Whether write-back hints work on this platform. */
  static boolean available() {
    return Native.CALLS.isPresent();
  }

  /** How many ranges the kernel accepted for write-back so far (for tests). */
  static long startedRanges() {
    return STARTED_RANGES.get();
  }

  /**
   * A handle for {@code file}; its requests do nothing where unavailable. Binding the native calls
   * loads some 400 classes, so it waits for the first request: a run of small files never pays.
   */
  static WriteBack of(Path file) {
    return new WriteBack(file);
  }

  /** Asks for write-back of {@code lengthBytes} from {@code positionBytes} to start; never waits. */
  void start(long positionBytes, long lengthBytes) {
    if (lengthBytes > 0) {
      requested = true;
      Native.submit(() -> syncRange(positionBytes, lengthBytes));
    }
  }

  /** Releases the descriptor once the requests before it are done. */
  void close() {
    if (requested) {
      Native.submit(this::closeDescriptor);
    }
  }

  private void syncRange(long positionBytes, long lengthBytes) {
    Calls calls = Native.CALLS.orElseThrow();
    if (fd < 0 && !failed) {
      fd = calls.open(file);
      failed = fd < 0;
    }
    if (fd < 0) {
      return;
    }
    if (calls.syncFileRange(fd, positionBytes, lengthBytes) == 0) {
      STARTED_RANGES.incrementAndGet();
    } else {
      closeDescriptor();
      failed = true;
    }
  }

  private void closeDescriptor() {
    if (fd >= 0) {
      Native.CALLS.orElseThrow().close(fd);
      fd = -1;
    }
  }

  /** The bound calls and the thread that makes them, created on first use. */
  private static final class Native {

    static final Optional<Calls> CALLS = Calls.lookup();
    private static final BlockingQueue<Runnable> QUEUE = new LinkedBlockingQueue<>();

    static {
      if (CALLS.isPresent()) {
        Thread.ofPlatform().daemon().name("dlm-write-back").start(Native::serve);
      }
    }

    private Native() {}

    static void submit(Runnable request) {
      if (CALLS.isPresent()) {
        QUEUE.add(request);
      }
    }

    private static void serve() {
      while (true) {
        try {
          QUEUE.take().run();
        } catch (InterruptedException e) {
          return;
        } catch (RuntimeException e) {
          // a hint failed; the next checkpoint's force writes the bytes anyway
        }
      }
    }
  }

  /** The three libc calls, bound once; empty when the platform has no {@code sync_file_range}. */
  private record Calls(MethodHandle open, MethodHandle syncFileRange, MethodHandle close) {

    static Optional<Calls> lookup() {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
        return Optional.empty();
      }
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Optional<MemorySegment> open = libc.find("open");
        Optional<MemorySegment> sync = libc.find("sync_file_range");
        Optional<MemorySegment> close = libc.find("close");
        if (open.isEmpty() || sync.isEmpty() || close.isEmpty()) {
          return Optional.empty();
        }
        return Optional.of(new Calls(
            linker.downcallHandle(open.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                Linker.Option.firstVariadicArg(2)),
            linker.downcallHandle(sync.get(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
            linker.downcallHandle(close.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))));
      } catch (RuntimeException | LinkageError unavailable) {
        // no native access (for example without --enable-native-access): no hints
        return Optional.empty();
      }
    }

    int open(Path file) {
      try (Arena arena = Arena.ofConfined()) {
        return (int) open.invokeExact(arena.allocateFrom(file.toAbsolutePath().toString()), O_RDONLY | O_CLOEXEC, 0);
      } catch (Throwable e) {
        return -1;
      }
    }

    int syncFileRange(int fd, long positionBytes, long lengthBytes) {
      try {
        return (int) syncFileRange.invokeExact(fd, positionBytes, lengthBytes, SYNC_FILE_RANGE_WRITE);
      } catch (Throwable e) {
        return -1;
      }
    }

    void close(int fd) {
      try {
        int ignored = (int) close.invokeExact(fd);
      } catch (Throwable e) {
        // nothing to do: the descriptor is gone either way
      }
    }
  }
}
