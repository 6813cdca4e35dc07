package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Opens a test's files to the daemons' unprivileged processes: vsftpd and sftp-server read files as
 * {@link TestAccount}, while JUnit's temp directories are private to their owner.
 */
final class WorldReadable {

  private WorldReadable() {}

  /**
   * Makes every file below {@code tree} readable and every directory in it readable and searchable by
   * other users, and the directories above it searchable up to the JVM's temp directory (where JUnit
   * makes private ones); nothing outside the temp directory is changed. Links are not followed.
   */
  static void make(Path tree) {
    try {
      Path absolute = tree.toAbsolutePath().normalize();
      Path temp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
      for (Path dir = absolute.getParent(); dir != null && dir.startsWith(temp) && !dir.equals(temp); dir = dir.getParent()) {
        add(dir, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
      }
      try (Stream<Path> all = Files.walk(absolute)) {
        for (Path path : (Iterable<Path>) all::iterator) {
          if (Files.isSymbolicLink(path)) {
            continue;
          }
          if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            add(path, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE);
          } else {
            add(path, PosixFilePermission.OTHERS_READ);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void add(Path path, PosixFilePermission... extra) throws IOException {
    Set<PosixFilePermission> permissions =
        EnumSet.copyOf(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    if (permissions.addAll(Set.of(extra))) {
      Files.setPosixFilePermissions(path, permissions);
    }
  }
}
