package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's garbage does not grow with the file: buffers are allocated once per connection and
 * reused, so a download sixteen times larger allocates about the same. With a young generation
 * that is not collected during a short download, every allocated byte would be resident memory.
 */
class MemoryTest {

  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  @Test
  void aLargerDownloadAllocatesNoMoreThanASmallOne() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("warm.bin", 4 * MIB, 90);
      h.run(h.request("warm.bin", 4));
      h.protocol.serve("small.bin", 4 * MIB, 91);
      h.protocol.serve("large.bin", 64 * MIB, 92);

      long before = threads.getTotalThreadAllocatedBytes();
      assertThat(h.run(h.request("small.bin", 4))).isInstanceOf(DownloadOutcome.Completed.class);
      long small = threads.getTotalThreadAllocatedBytes() - before;
      before = threads.getTotalThreadAllocatedBytes();
      assertThat(h.run(h.request("large.bin", 4))).isInstanceOf(DownloadOutcome.Completed.class);
      long large = threads.getTotalThreadAllocatedBytes() - before;

      assertThat(large).as("bytes allocated for 64 MiB (4 MiB took %d)", small).isLessThan(small + 4L * MIB);
    }
  }
}
