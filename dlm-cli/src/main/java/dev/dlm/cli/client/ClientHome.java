package dev.dlm.cli.client;

import dev.dlm.daemon.DaemonHome;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's files for a command: everything in one directory with {@code --home} or {@code
 * DLM_HOME}; otherwise split over the XDG directories as the rest of dlm does (settings under
 * config, token, address and log under state, the store under data).
 */
public final class ClientHome {

  private ClientHome() {}

  public static DaemonHome resolve(
      Optional<Path> option, Map<String, String> env, Path workingDirectory) {
    if (option.isPresent()) {
      return DaemonHome.single(workingDirectory.resolve(option.get()));
    }
    String dlmHome = env.get("DLM_HOME");
    if (dlmHome != null && !dlmHome.isBlank()) {
      return DaemonHome.single(workingDirectory.resolve(dlmHome));
    }
    Path user = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
    Path data = xdg(env, "XDG_DATA_HOME", user.resolve(".local/share")).resolve("dlm");
    Path config = xdg(env, "XDG_CONFIG_HOME", user.resolve(".config")).resolve("dlm");
    Path state = xdg(env, "XDG_STATE_HOME", user.resolve(".local/state")).resolve("dlm");
    return new DaemonHome(
        config.resolve("dlm.conf"),
        state.resolve("token"),
        state.resolve("daemon.json"),
        data.resolve("dlm.db"),
        state.resolve("logs").resolve("daemon.log"));
  }

  private static Path xdg(Map<String, String> env, String variable, Path fallback) {
    return Optional.ofNullable(env.get(variable))
        .map(Path::of)
        .filter(Path::isAbsolute)
        .orElse(fallback);
  }
}
