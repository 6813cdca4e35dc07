package dev.dlm.cli.client;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlm rm ID}: removes a download (stopping it), optionally with its files. */
@Command(
    name = "rm",
    mixinStandardHelpOptions = true,
    description = "Remove a download from the daemon (stopping it first).")
public final class RmCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "The download's id.")
  String id;

  @Option(
      names = "--delete-files",
      description = "Also delete the downloaded file and its .part file.")
  boolean deleteFiles;

  @Override
  int run(ClientContext context, DaemonClient client) {
    client.remove(id, deleteFiles);
    context.out().println(id + " removed" + (deleteFiles ? " with its files" : ""));
    context.out().flush();
    return 0;
  }
}
