package dev.dlm.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Where the daemon keeps its files. One home is one daemon: client commands given the same home
 * ({@code --home} or {@code DLM_HOME}) find the daemon's address and token in it. The command line
 * decides the layout (one directory, or the XDG data/config/state directories); the daemon only
 * needs the paths.
 *
 * @param configFile {@code dlm.conf}: the settings
 * @param tokenFile the API token generated at first start (mode 0600)
 * @param addressFile {@code daemon.json}: where the running daemon listens and its token (0600)
 * @param storeFile the job store
 * @param logFile the daemon's log
 */
public record DaemonHome(
    Path configFile, Path tokenFile, Path addressFile, Path storeFile, Path logFile) {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  public DaemonHome {
    configFile = configFile.toAbsolutePath().normalize();
    tokenFile = tokenFile.toAbsolutePath().normalize();
    addressFile = addressFile.toAbsolutePath().normalize();
    storeFile = storeFile.toAbsolutePath().normalize();
    logFile = logFile.toAbsolutePath().normalize();
  }

  /** Everything in one directory, as {@code --home DIR} lays it out. */
  public static DaemonHome single(Path dir) {
    return new DaemonHome(
        dir.resolve("dlm.conf"),
        dir.resolve("token"),
        dir.resolve("daemon.json"),
        dir.resolve("queue.db"),
        dir.resolve("logs").resolve("daemon.log"));
  }

  /** Creates the directories of every file if needed. */
  public DaemonHome create() {
    try {
      for (Path file : List.of(configFile, tokenFile, addressFile, storeFile, logFile)) {
        Files.createDirectories(file.getParent());
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the daemon's home: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code text} to {@code path} readable by the owner only, atomically: created with mode
   * 0600 before any byte is written, so a secret is never readable by others, not even briefly.
   */
  static void writeOwnerOnly(Path path, String text) {
    try {
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } catch (UnsupportedOperationException e) {
        Files.createFile(tmp);
      }
      Files.writeString(tmp, text);
      Files.move(
          tmp,
          path,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
