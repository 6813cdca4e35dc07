package dev.dlm.cli.client;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** One download by id, or {@code --all}: exactly one of them. */
final class Target {

  @Parameters(paramLabel = "ID", description = "The download's id.")
  String id;

  @Option(names = "--all", required = true, description = "Every download this applies to.")
  boolean all;
}
