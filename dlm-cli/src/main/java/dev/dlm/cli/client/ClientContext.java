package dev.dlm.cli.client;

import dev.dlm.cli.Home;
import dev.dlm.cli.Main;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.daemon.DaemonHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a daemon command needs from the {@code dlm} command it runs under: its streams, environment,
 * terminal and home. Under {@link Main} they come from its shell and home; under another root (the
 * tests' stand-in) from picocli's streams, the process environment and the inherited {@code
 * --home}.
 *
 * @param home the daemon's files in the dlm home
 */
public record ClientContext(
    PrintWriter out,
    PrintWriter err,
    Map<String, String> env,
    Path workingDirectory,
    Optional<TerminalScreen> terminal,
    DaemonHome home) {

  public static ClientContext of(CommandSpec spec) {
    if (spec.root().userObject() instanceof Main main) {
      var shell = main.shell();
      return new ClientContext(
          shell.out(),
          shell.err(),
          shell.env(),
          shell.workingDirectory(),
          shell.terminal(),
          files(main.home()));
    }
    OptionSpec option = spec.findOption("--home");
    Path cwd = Path.of("").toAbsolutePath();
    Path dir =
        option != null && option.getValue() != null
            ? cwd.resolve((Path) option.getValue())
            : Path.of(System.getenv().getOrDefault(Home.ENV, cwd.toString()));
    return new ClientContext(
        spec.commandLine().getOut(),
        spec.commandLine().getErr(),
        System.getenv(),
        cwd,
        Optional.empty(),
        files(Home.single(dir)));
  }

  /**
   * Where the daemon's files live in a dlm home: its settings beside the configuration, its token,
   * address record and log with the state, its own job store with the data.
   */
  public static DaemonHome files(Home home) {
    return new DaemonHome(
        home.configFile(),
        home.stateDir().resolve("token"),
        home.daemonFile(),
        home.queueStoreFile(),
        home.logDir().resolve("daemon.log"));
  }
}
