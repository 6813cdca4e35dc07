package dev.dlm.cli.client;

import picocli.CommandLine.Command;

/** {@code dlm pause ID|--all}: stops downloads, keeping what they fetched. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Pause a download (or --all queued and active ones); progress is kept.")
public final class PauseCommand extends Bulk {

  public PauseCommand() {
    super("queued,active", DaemonClient::pause);
  }
}
