package dev.dlm.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The daemon's home directory and the files it keeps there. One home is one daemon: the client
 * commands given the same home ({@code --home} or {@code DLM_HOME}) find the daemon's address and
 * token in it.
 */
public record DaemonHome(Path dir) {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  public DaemonHome {
    dir = dir.toAbsolutePath().normalize();
  }

  /**
   * The home named by {@code explicit} ({@code --home}), else {@code DLM_HOME}, else the XDG data
   * directory ({@code $XDG_DATA_HOME/dlm}, by default {@code ~/.local/share/dlm}).
   */
  public static DaemonHome resolve(Optional<Path> explicit, Map<String, String> env) {
    if (explicit.isPresent()) {
      return new DaemonHome(explicit.get());
    }
    String dlmHome = env.get("DLM_HOME");
    if (dlmHome != null && !dlmHome.isBlank()) {
      return new DaemonHome(Path.of(dlmHome));
    }
    String xdg = env.get("XDG_DATA_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
    return new DaemonHome(base.resolve("dlm"));
  }

  /** {@code dlm.conf}: the settings. */
  public Path configFile() {
    return dir.resolve("dlm.conf");
  }

  /** {@code token}: the API token generated at first start (mode 0600). */
  public Path tokenFile() {
    return dir.resolve("token");
  }

  /** {@code daemon.json}: where the running daemon listens and its token (mode 0600). */
  public Path addressFile() {
    return dir.resolve("daemon.json");
  }

  /** {@code jobs.db}: the job store. */
  public Path storeFile() {
    return dir.resolve("jobs.db");
  }

  /** {@code logs/daemon.log}. */
  public Path logFile() {
    return dir.resolve("logs").resolve("daemon.log");
  }

  /** Creates the directory if needed. */
  public DaemonHome create() {
    try {
      Files.createDirectories(dir);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the home " + dir + ": " + e.getMessage(), e);
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
      Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }
}
