package dev.dlm.cli.client;

import dev.dlm.daemon.api.DownloadJson;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Applies pause or resume to one id or to every download in some states, printing each result. */
final class Bulk {

  private Bulk() {}

  static int apply(
      ClientContext context,
      DaemonClient client,
      Target target,
      String states,
      Function<String, DownloadJson> action) {
    PrintWriter out = context.out();
    if (!target.all) {
      DownloadJson d = action.apply(target.id);
      out.println(d.id() + " " + d.state());
      out.flush();
      return 0;
    }
    List<String> ids = new ArrayList<>();
    for (int offset = 0; ; offset += 1000) {
      DaemonClient.Page page = client.list(Optional.of(states), offset, 1000);
      page.downloads().forEach(d -> ids.add(d.id()));
      if (page.downloads().size() < 1000) {
        break;
      }
    }
    int failures = 0;
    for (String id : ids) {
      try {
        DownloadJson d = action.apply(id);
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
