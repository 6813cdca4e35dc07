package dev.dlm.core.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The positional view of one {@code .part} file that every connection of a download writes into at
 * its own offsets. Small on purpose: it is the seam where tests inject a full disk.
 *
 * <p>Thread-safe: positional reads and writes from many threads at once are allowed.
 */
public interface PartChannel extends AutoCloseable {

  /** A finished file opened for reading only, to hash it again without a way to change it. */
  static PartChannel openToRead(Path file) throws IOException {
    return FilePartChannel.openToRead(file);
  }

  /** Writes all of {@code source} at {@code positionBytes}. */
  void write(ByteBuffer source, long positionBytes) throws IOException;

  /** Reads into {@code target} from {@code positionBytes}; returns the count or -1 at the end. */
  int read(ByteBuffer target, long positionBytes) throws IOException;

  /** Makes every byte written so far durable (data only, like {@code fdatasync}). */
  void force() throws IOException;

  long sizeBytes() throws IOException;

  /**
   * Grows or truncates the file to {@code lengthBytes}. Growing is sparse on file systems that allow
   * it: the blocks are allocated as they are written, so a full disk shows up while writing, not
   * here.
   */
  void resize(long lengthBytes) throws IOException;

  @Override
  void close() throws IOException;
}
