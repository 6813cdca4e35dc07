package dev.dlm.cli;

import dev.dlm.cli.client.AddCommand;
import dev.dlm.cli.client.LsCommand;
import dev.dlm.cli.client.PauseCommand;
import dev.dlm.cli.client.ResumeCommand;
import dev.dlm.cli.client.RmCommand;
import dev.dlm.cli.client.StatusCommand;
import dev.dlm.cli.client.WatchCommand;
import dev.dlm.cli.daemon.DaemonCommand;
import dev.dlm.cli.get.GetCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code dlm} command: global options, the subcommands, and the one place where errors become
 * exit codes and one-line messages.
 *
 * <p>A new subcommand is one entry in {@link #SUBCOMMANDS}. It reaches the shell, the home and
 * {@code --debug} through {@code @ParentCommand Main}; {@code --home} and {@code --debug} are
 * inherited, so they work before or after the subcommand's name. It reports bad input by throwing
 * {@link UsageError} and returns an {@link ExitCode}.
 */
@Command(
    name = "dlm",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "One download manager for every way a file travels.",
    synopsisSubcommandLabel = "COMMAND",
    footer = {
      "",
      "Exit codes: 0 success, 1 a download failed, 2 usage error, 130 interrupted (resumable).",
      "Run 'dlm COMMAND --help' for a command's options."
    })
public final class Main implements Callable<Integer> {

  /**
   * Every subcommand, in the order of the help. picocli reflects over a command's options (and
   * loads the types they hold) when it is added, so a command line that names one of them gets only
   * that one: {@code dlm get} does not pay for the daemon's settings or the client's JSON.
   */
  private static final List<Subcommand> SUBCOMMANDS =
      List.of(
          new Subcommand("get", GetCommand.class),
          new Subcommand("daemon", DaemonCommand.class),
          new Subcommand("add", AddCommand.class),
          new Subcommand("ls", LsCommand.class),
          new Subcommand("status", StatusCommand.class),
          new Subcommand("pause", PauseCommand.class),
          new Subcommand("resume", ResumeCommand.class),
          new Subcommand("rm", RmCommand.class),
          new Subcommand("watch", WatchCommand.class),
          new Subcommand("help", CommandLine.HelpCommand.class));

  /** picocli's "Invalid value for option '--x' (LABEL): why", shortened to "--x: why". */
  private static final Pattern INVALID_VALUE =
      Pattern.compile("^invalid value for option '([^']+)'(?: \\([^)]*\\))?: (.*)$");

  private final Shell shell;

  @Spec private CommandSpec spec;

  @Option(
      names = "--home",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description =
          "Directory for the job store, configuration, logs and daemon file "
              + "(default: $DLM_HOME, else the XDG directories: ~/.local/share/dlm, "
              + "~/.config/dlm, ~/.local/state/dlm).")
  private Path homeOption;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print debug logs and stack traces on standard error.")
  private boolean debug;

  private Main(Shell shell) {
    this.shell = shell;
  }

  public static void main(String[] args) {
    SqliteLibrary.useCopyBesideJar();
    System.exit(run(SystemShell.create(), args));
  }

  /** Runs one command line in {@code shell} and returns its exit code; never calls System.exit. */
  public static int run(Shell shell, String... args) {
    Logging.silence();
    Main main = new Main(shell);
    CommandLine commandLine = new CommandLine(main);
    for (Subcommand subcommand : subcommandsFor(args)) {
      // A CommandLine of its own, because picocli applies a command's model transformers (the
      // daemon's setting options) when it builds one, not when addSubcommand builds it.
      commandLine.addSubcommand(subcommand.name(), new CommandLine(subcommand.type()));
    }
    commandLine
        .setOut(shell.out())
        .setErr(shell.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionStrategy(main::execute)
        .setParameterExceptionHandler(main::usageError)
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> main.failure(e))
        .setExitCodeExceptionMapper(e -> ExitCode.FAILED);
    try {
      return commandLine.execute(args);
    } finally {
      shell.out().flush();
      shell.err().flush();
    }
  }

  /**
   * The subcommands {@code args} needs: the one it names after {@code --home DIR} and {@code
   * --debug}; none for {@code --version}; every one otherwise ({@code dlm}, {@code --help}, {@code
   * help}, a mistyped name or option), for the help and the suggestions.
   */
  static List<Subcommand> subcommandsFor(String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--home")) {
        i++;
      } else if (arg.equals("--version") || arg.equals("-V")) {
        return List.of();
      } else if (arg.startsWith("-")) {
        if (!arg.equals("--debug") && !arg.startsWith("--home=")) {
          return SUBCOMMANDS;
        }
      } else {
        List<Subcommand> named =
            SUBCOMMANDS.stream().filter(subcommand -> subcommand.name().equals(arg)).toList();
        return named.isEmpty() || arg.equals("help") ? SUBCOMMANDS : named;
      }
    }
    return SUBCOMMANDS;
  }

  /** This build's version, as {@code --version} prints it. */
  public static String version() {
    return Version.current();
  }

  /** The streams, environment and terminal this command runs in. */
  public Shell shell() {
    return shell;
  }

  /** The home chosen by {@code --home}, {@code DLM_HOME} or the XDG directories. */
  public Home home() {
    return Home.resolve(Optional.ofNullable(homeOption), shell);
  }

  public boolean debug() {
    return debug;
  }

  /** {@code dlm} alone: the usage, and a usage error. */
  @Override
  public Integer call() {
    spec.commandLine().usage(shell.err());
    return ExitCode.USAGE;
  }

  private int execute(ParseResult parsed) {
    Integer helpExitCode = CommandLine.executeHelpRequest(parsed);
    if (helpExitCode != null) {
      return helpExitCode;
    }
    Logging.configure(home().logFile(), debug, shell.err());
    return new CommandLine.RunLast().execute(parsed);
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    String message =
        INVALID_VALUE.matcher(sentence(e.getMessage())).replaceFirst("$1: $2");
    if (e instanceof UnmatchedArgumentException unmatched
        && !unmatched.getSuggestions().isEmpty()) {
      message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
    }
    if (!message.contains("; ")) {
      message += "; see '" + command.getCommandSpec().qualifiedName() + " --help'";
    }
    shell.err().println("dlm: " + message);
    if (debug) {
      e.printStackTrace(shell.err());
    }
    return ExitCode.USAGE;
  }

  private int failure(Exception e) {
    if (e instanceof UsageError usage) {
      shell.err().println("dlm: " + usage.getMessage());
      if (debug) {
        e.printStackTrace(shell.err());
      }
      return ExitCode.USAGE;
    }
    LoggerFactory.getLogger(Main.class).error("unexpected failure", e);
    shell.err().println(
        "dlm: unexpected error: "
            + sentence(String.valueOf(e.getMessage()))
            + "; run again with --debug and report it");
    if (debug) {
      e.printStackTrace(shell.err());
    }
    return ExitCode.FAILED;
  }

  record Subcommand(String name, Class<?> type) {}

  /** A picocli message as the middle of one line: first letter lower case, no final period. */
  private static String sentence(String message) {
    String line = message.strip().lines().findFirst().orElse("");
    if (line.endsWith(".")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.length() > 1 && Character.isUpperCase(line.charAt(0))
        && !Character.isUpperCase(line.charAt(1))) {
      line = line.substring(0, 1).toLowerCase(Locale.ROOT) + line.substring(1);
    }
    return line;
  }
}
