package dev.dlm.cli.client;

import java.util.Optional;
import java.util.function.Function;
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
  int run(ClientContext context, Function<DaemonClient, Integer> body) {
    try {
      DaemonEndpoint endpoint =
          DaemonEndpoint.locate(
              Optional.ofNullable(server),
              Optional.ofNullable(secret),
              context.env(),
              context.home());
      return body.apply(new DaemonClient(endpoint));
    } catch (ClientError e) {
      context.err().println("dlm: " + e.getMessage());
      context.err().flush();
      return e.exitCode();
    }
  }
}
