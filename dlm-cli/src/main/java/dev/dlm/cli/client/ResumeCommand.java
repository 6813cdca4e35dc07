package dev.dlm.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlm resume ID|--all}: puts paused (or failed) downloads back in the queue. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a paused or failed download (or --all paused ones).")
public final class ResumeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;

  @ArgGroup(multiplicity = "1")
  Target target;

  @Override
  public Integer call() {
    ClientContext context = ClientContext.of(spec);
    return server.run(
        context, client -> Bulk.apply(context, client, target, "paused", client::resume));
  }
}
