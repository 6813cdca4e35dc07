package dev.dlm.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dlm pause ID|--all}: stops downloads, keeping what they fetched. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause a download (or --all queued and active ones); progress is kept.")
public final class PauseCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;

  @ArgGroup(multiplicity = "1")
  Target target;

  @Override
  public Integer call() {
    ClientContext context = ClientContext.of(spec);
    return server.run(
        context, client -> Bulk.apply(context, client, target, "queued,active", client::pause));
  }
}
