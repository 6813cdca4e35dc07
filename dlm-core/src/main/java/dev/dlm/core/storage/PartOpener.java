package dev.dlm.core.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens (creating if needed) the {@code .part} file of a download. A seam rather than a direct
 * {@code FileChannel.open} so tests can put a full or failing disk under a real download.
 */
@FunctionalInterface
public interface PartOpener {

  PartChannel open(Path partFile) throws IOException;

  /** The real thing: a {@link java.nio.channels.FileChannel} opened for read and write. */
  static PartOpener files() {
    return FilePartChannel::open;
  }
}
