package dev.dlm.cli.client;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlm status ID}: one download in detail. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show one download of the daemon.")
public final class StatusCommand extends ClientCommand {

  @Parameters(paramLabel = "ID", description = "The download's id (as 'dlm add' printed it).")
  String id;

  @Option(names = "--json", description = "Print the download as JSON, every field.")
  boolean json;

  @Override
  int run(ClientContext context, DaemonClient client) {
    PrintWriter out = context.out();
    if (json) {
      out.println(client.getRaw(id));
    } else {
      DownloadLines.status(client.get(id)).forEach(out::println);
    }
    out.flush();
    return 0;
  }
}
