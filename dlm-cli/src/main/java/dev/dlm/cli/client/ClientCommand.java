package dev.dlm.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the daemon: it takes {@link ServerOptions}, finds its streams in the
 * {@link ClientContext} and leaves connecting and error reporting to {@link ServerOptions#run}, so
 * a command is only what it asks the daemon and what it prints.
 */
abstract class ClientCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;

  @Override
  public final Integer call() {
    ClientContext context = ClientContext.of(spec);
    return server.run(context, client -> run(context, client));
  }

  /** Does the command's work with a client of the daemon; returns the exit code. */
  abstract int run(ClientContext context, DaemonClient client);
}
