package dev.dlm.cli.client;

import dev.dlm.cli.RateConverter;
import dev.dlm.daemon.api.DownloadJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlm add URL}: queues a download on the daemon and prints its id. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Queue a download on the daemon and print its id.")
public final class AddCommand extends ClientCommand {

  @Parameters(paramLabel = "URL", description = "What to download.")
  String url;

  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Where the file goes (default: the daemon's dir setting).")
  Path dir;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "NAME",
      description = "The file name (default: the server's suggestion).")
  String name;

  @Option(
      names = "--priority",
      paramLabel = "high|normal|low",
      description = "Queue priority (default: normal).")
  String priority;

  @Option(
      names = "--limit-rate",
      paramLabel = "RATE",
      converter = RateConverter.class,
      description = "Cap this download, e.g. 500K or 5M bytes per second.")
  Long limitRate;

  @Override
  int run(ClientContext context, DaemonClient client) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", url);
    if (dir != null) {
      body.put("dir", dir.toAbsolutePath().normalize().toString());
    }
    if (name != null) {
      body.put("name", name);
    }
    if (priority != null) {
      body.put("priority", priority);
    }
    if (limitRate != null) {
      body.put("limitRate", limitRate);
    }
    DownloadJson added = client.add(body);
    context.out().println(added.id());
    context.out().flush();
    return 0;
  }
}
