package dev.dlm.store.sqlite;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Keeps the database and its companion files readable by their owner only: stored requests carry
 * headers, and headers may carry tokens. SQLite gives {@code -wal} and {@code -shm} the mode of the
 * database file, so creating that file {@code 0600} before SQLite opens it covers all three; files
 * left by an older run are tightened too. File systems without POSIX permissions are left alone.
 */
final class OwnerOnlyFile {

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {}

  /**
   * Creates the parent directories and, when absent, the file itself, empty (SQLite takes an empty
   * file for a new database); restricts an existing one.
   */
  static void prepare(Path file) throws IOException {
    Path parent = file.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (!supportsPosix(file)) {
      return;
    }
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
    } catch (FileAlreadyExistsException e) {
      restrict(file);
    }
  }

  /** Restricts the {@code -wal}, {@code -shm} and {@code -journal} files that exist now. */
  static void restrictCompanions(Path file) throws IOException {
    if (!supportsPosix(file)) {
      return;
    }
    for (String suffix : List.of("-wal", "-shm", "-journal")) {
      restrict(file.resolveSibling(file.getFileName() + suffix));
    }
  }

  private static void restrict(Path file) throws IOException {
    try {
      if (Files.isRegularFile(file)
          && !Files.getPosixFilePermissions(file).equals(OWNER_READ_WRITE)) {
        Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
      }
    } catch (NoSuchFileException e) {
      // Another dlm process closed the database and SQLite removed its companion file.
    }
  }

  private static boolean supportsPosix(Path file) throws IOException {
    return Files.getFileStore(file.getParent()).supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
