package dev.dlm.cli.client;

import dev.dlm.daemon.api.DownloadJson;
import dev.dlm.daemon.api.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dlm ls}: the daemon's downloads in queue order. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = "List the daemon's downloads in queue order.")
public final class LsCommand extends ClientCommand {

  @Option(names = "--json", description = "Print a JSON array of downloads, every field.")
  boolean json;

  @Option(
      names = "--state",
      paramLabel = "STATES",
      description = "Only these states, comma-separated (queued,active,paused,complete,failed).")
  String state;

  @Override
  int run(ClientContext context, DaemonClient client) {
    List<DownloadJson> all = client.listAll(Optional.ofNullable(state));
    PrintWriter out = context.out();
    if (json) {
      out.println(Json.MAPPER.valueToTree(all).toString());
    } else if (all.isEmpty()) {
      out.println("no downloads");
    } else {
      DownloadLines.table(all).forEach(out::println);
    }
    out.flush();
    return 0;
  }
}
