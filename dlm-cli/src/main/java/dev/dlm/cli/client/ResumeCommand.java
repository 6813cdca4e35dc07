package dev.dlm.cli.client;

import picocli.CommandLine.Command;

/** {@code dlm resume ID|--all}: puts paused (or failed) downloads back in the queue. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Resume a paused or failed download (or --all paused ones).")
public final class ResumeCommand extends Bulk {

  public ResumeCommand() {
    super("paused", DaemonClient::resume);
  }
}
