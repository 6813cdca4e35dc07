package dev.dlm.cli;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where dlm keeps its state on this machine: the job store, the configuration, the logs and the
 * running daemon's address and token.
 *
 * <p>One directory given by {@code --home DIR} or {@code DLM_HOME} holds all of it, so a test, a
 * container or a second daemon can be isolated with one flag. Without either, the user's XDG base
 * directories split it by kind: the store under data, the configuration under config, the logs and
 * daemon file under state.
 *
 * @param dataDir holds the job store
 * @param configDir holds the configuration file
 * @param stateDir holds the logs and the daemon file
 */
public record Home(Path dataDir, Path configDir, Path stateDir) {

  /** The environment variable that sets the home when {@code --home} is not given. */
  public static final String ENV = "DLM_HOME";

  public Home {
    dataDir = dataDir.toAbsolutePath().normalize();
    configDir = configDir.toAbsolutePath().normalize();
    stateDir = stateDir.toAbsolutePath().normalize();
  }

  /** Everything in one directory. */
  public static Home single(Path dir) {
    return new Home(dir, dir, dir);
  }

  /**
   * The home for a command: {@code --home} if given, else {@code DLM_HOME}, else the XDG
   * directories ({@code XDG_DATA_HOME}, {@code XDG_CONFIG_HOME}, {@code XDG_STATE_HOME}, each
   * ignored unless absolute, as the XDG specification says) under the user's home directory.
   *
   * @param option the value of {@code --home}
   * @param shell supplies the environment and the directory relative paths start from
   */
  public static Home resolve(Optional<Path> option, Shell shell) {
    Objects.requireNonNull(option, "option");
    if (option.isPresent()) {
      return single(shell.workingDirectory().resolve(option.get()));
    }
    Optional<String> env = shell.env(ENV);
    if (env.isPresent()) {
      return single(shell.workingDirectory().resolve(env.get()));
    }
    Path userHome = Path.of(shell.env("HOME").orElse(System.getProperty("user.home")));
    return new Home(
        xdg(shell, "XDG_DATA_HOME", userHome.resolve(".local/share")).resolve("dlm"),
        xdg(shell, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve("dlm"),
        xdg(shell, "XDG_STATE_HOME", userHome.resolve(".local/state")).resolve("dlm"));
  }

  private static Path xdg(Shell shell, String variable, Path fallback) {
    return shell.env(variable).map(Path::of).filter(Path::isAbsolute).orElse(fallback);
  }

  /** The SQLite job store of {@code dlm get}. */
  public Path storeFile() {
    return dataDir.resolve("dlm.db");
  }

  /**
   * The daemon's own job store. Kept apart from {@link #storeFile()} so a daemon never picks up (and
   * resumes) a foreground job that a crashed {@code dlm get} left active, and {@code dlm get} never
   * touches the queue.
   */
  public Path queueStoreFile() {
    return dataDir.resolve("queue.db");
  }

  /** The settings file ({@code name = value} lines), read by the daemon. */
  public Path configFile() {
    return configDir.resolve("dlm.conf");
  }

  public Path logDir() {
    return stateDir.resolve("logs");
  }

  public Path logFile() {
    return logDir().resolve("dlm.log");
  }

  /** Written by a running daemon: its address and token, read by the client commands. */
  public Path daemonFile() {
    return stateDir.resolve("daemon.json");
  }
}
