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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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

  /** Whether write-back hints work on this platform; waits for the calls to be bound. */
  static boolean available() {
    return Native.BOUND.join();
  }

  /** How many ranges the kernel accepted for write-back so far (for tests). */
  static long startedRanges() {
    return STARTED_RANGES.get();
  }

  /**
   * A handle for {@code file}; its requests do nothing where unavailable. Binding the native calls
   * loads some 400 classes and spins method handles, so it happens on the write-back thread, started
   * by the first request of the process: a run of small files never pays, and no connection waits.
   */
  static WriteBack of(Path file) {
    return new WriteBack(file);
  }

  /** Asks for write-back of {@code lengthBytes} from {@code positionBytes} to start; never waits. */
  void start(long positionBytes, long lengthBytes) {
    if (lengthBytes > 0) {
      requested = true;
      Native.submit(calls -> syncRange(calls, positionBytes, lengthBytes));
    }
  }

  /** Releases the descriptor once the requests before it are done. */
  void close() {
    if (requested) {
      Native.submit(this::closeDescriptor);
    }
  }

  private void syncRange(Calls calls, long positionBytes, long lengthBytes) {
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
      closeDescriptor(calls);
      failed = true;
    }
  }

  private void closeDescriptor(Calls calls) {
    if (fd >= 0) {
      calls.close(fd);
      fd = -1;
    }
  }

  /** The write-back thread and its queue, created on first use; it binds the calls itself. */
  private static final class Native {

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
    private static final BlockingQueue<Consumer<Calls>> QUEUE = new LinkedBlockingQueue<>();
    static final CompletableFuture<Boolean> BOUND = new CompletableFuture<>();
    private static volatile boolean unavailable = !LINUX;

    static {
      if (LINUX) {
        Thread.ofPlatform().daemon().name("dlm-write-back").start(Native::serve);
      } else {
        BOUND.complete(false);
      }
    }

    private Native() {}

    static void submit(Consumer<Calls> request) {
      if (!unavailable) {
        QUEUE.add(request);
      }
    }

    private static void serve() {
      Optional<Calls> bound = Calls.lookup();
      if (bound.isEmpty()) {
        unavailable = true;
        BOUND.complete(false);
        QUEUE.clear();
        return;
      }
      BOUND.complete(true);
      Calls calls = bound.get();
      while (true) {
        try {
          QUEUE.take().accept(calls);
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
