package dev.dlm.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlm rm ID}: removes a download (stopping it), optionally with its files. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = "Remove a download from the daemon (stopping it first).")
public final class RmCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;

  @Parameters(paramLabel = "ID", description = "The download's id.")
  String id;

  @Option(
      names = "--delete-files",
      description = "Also delete the downloaded file and its .part file.")
  boolean deleteFiles;

  @Override
  public Integer call() {
    ClientContext context = ClientContext.of(spec);
    return server.run(
        context,
        client -> {
          client.remove(id, deleteFiles);
          spec.commandLine()
              .getOut()
              .println(id + " removed" + (deleteFiles ? " with its files" : ""));
          context.out().flush();
          return 0;
        });
  }
}
