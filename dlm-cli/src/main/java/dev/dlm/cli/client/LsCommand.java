package dev.dlm.cli.client;

import dev.dlm.daemon.api.DownloadJson;
import dev.dlm.daemon.api.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dlm ls}: the daemon's downloads in queue order. */
@Command(
    name = "ls",
    mixinStandardHelpOptions = true,
    description = "List the daemon's downloads in queue order.")
public final class LsCommand implements Callable<Integer> {

  private static final int PAGE = 1000;

  @Spec CommandSpec spec;
  @Mixin ServerOptions server;

  @Option(names = "--json", description = "Print a JSON array of downloads, every field.")
  boolean json;

  @Option(
      names = "--state",
      paramLabel = "STATES",
      description = "Only these states, comma-separated (queued,active,paused,complete,failed).")
  String state;

  @Override
  public Integer call() {
    ClientContext context = ClientContext.of(spec);
    return server.run(
        context,
        client -> {
          List<DownloadJson> all = new ArrayList<>();
          for (int offset = 0; ; offset += PAGE) {
            DaemonClient.Page page = client.list(Optional.ofNullable(state), offset, PAGE);
            all.addAll(page.downloads());
            if (page.downloads().size() < PAGE) {
              break;
            }
          }
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
        });
  }
}
