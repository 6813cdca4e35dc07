package dev.dlm.cli.client;

import dev.dlm.daemon.DaemonHome;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * The options every client command shares ({@code --server}, {@code --secret}), and how a command
 * runs: find the daemon, call it, and turn a {@link ClientError} into one line on stderr and its
 * exit code.
 */
public final class ServerOptions {

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT",
      description =
          "The daemon to talk to (default: the one recorded in the home, else 127.0.0.1:6800).")
  String server;

  @Option(
      names = "--secret",
      paramLabel = "TOKEN",
      description = "The daemon's token (default: $DLM_SECRET, else the one recorded in the home).")
  String secret;

  /** Runs {@code body} with a client of the daemon this command names. */
  int run(CommandSpec spec, Function<DaemonClient, Integer> body) {
    PrintWriter err = spec.commandLine().getErr();
    try {
      DaemonHome home = home(spec);
      DaemonEndpoint endpoint =
          DaemonEndpoint.locate(
              Optional.ofNullable(server), Optional.ofNullable(secret), System.getenv(), home);
      return body.apply(new DaemonClient(endpoint));
    } catch (ClientError e) {
      err.println("dlm: " + e.getMessage());
      err.flush();
      return e.exitCode();
    }
  }

  /** The home of {@code --home} (inherited from the root command) or the environment. */
  static DaemonHome home(CommandSpec spec) {
    OptionSpec option = spec.findOption("--home");
    Optional<Path> home =
        option == null ? Optional.empty() : Optional.ofNullable(option.getValue());
    Map<String, String> env = System.getenv();
    return ClientHome.resolve(home, env, Path.of("").toAbsolutePath());
  }
}
