package dev.dlm.core;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.PartOpener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/** Opens real part files and remembers which bytes had been written when the last force began. */
final class ForceTrackingOpener implements PartOpener {

  private final ReentrantLock lock = new ReentrantLock();
  private RangeSet written = RangeSet.empty(); // guarded by lock
  private volatile RangeSet forced = RangeSet.empty();

  /** The bytes made durable by the last completed force. */
  RangeSet forced() {
    return forced;
  }

  @Override
  public PartChannel open(Path partFile) throws IOException {
    PartChannel inner = PartOpener.files().open(partFile);
    return new ForwardingPartChannel(inner) {
      @Override
      public void write(ByteBuffer source, long positionBytes) throws IOException {
        int length = source.remaining();
        super.write(source, positionBytes);
        lock.lock();
        try {
          written = written.add(positionBytes, positionBytes + length);
        } finally {
          lock.unlock();
        }
      }

      @Override
      public void force() throws IOException {
        RangeSet before;
        lock.lock();
        try {
          before = written;
        } finally {
          lock.unlock();
        }
        super.force();
        forced = before;
      }
    };
  }
}
