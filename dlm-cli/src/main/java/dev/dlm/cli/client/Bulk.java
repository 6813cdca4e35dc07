package dev.dlm.cli.client;

import dev.dlm.daemon.api.DownloadJson;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import picocli.CommandLine.ArgGroup;

/**
 * Pause or resume: one action applied to one id or, with {@code --all}, to every download in some
 * states, printing each result. The two commands differ only in the action and the states.
 */
abstract class Bulk extends ClientCommand {

  @ArgGroup(multiplicity = "1")
  Target target;

  private final String states;
  private final BiFunction<DaemonClient, String, DownloadJson> action;

  Bulk(String states, BiFunction<DaemonClient, String, DownloadJson> action) {
    this.states = states;
    this.action = action;
  }

  @Override
  final int run(ClientContext context, DaemonClient client) {
    PrintWriter out = context.out();
    if (!target.all) {
      DownloadJson d = action.apply(client, target.id);
      out.println(d.id() + " " + d.state());
      out.flush();
      return 0;
    }
    List<DownloadJson> matching = client.listAll(Optional.of(states));
    int failures = 0;
    for (DownloadJson listed : matching) {
      try {
        DownloadJson d = action.apply(client, listed.id());
        out.println(d.id() + " " + d.state());
      } catch (ClientError e) {
        // A download may have finished between the listing and now: say so and go on.
        context.err().println("dlm: " + e.getMessage());
        failures++;
      }
    }
    out.flush();
    context.err().flush();
    return failures == 0 ? 0 : DaemonClient.FAILED;
  }
}
