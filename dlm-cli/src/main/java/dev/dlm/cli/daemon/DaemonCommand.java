package dev.dlm.cli.daemon;

import dev.dlm.cli.client.ClientContext;
import dev.dlm.daemon.Backend;
import dev.dlm.daemon.Daemon;
import dev.dlm.daemon.DaemonException;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.EngineBackend;
import dev.dlm.daemon.observe.LogFile;
import dev.dlm.daemon.settings.Setting;
import dev.dlm.daemon.settings.Settings;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dlm daemon}: runs the daemon in the foreground. Its options are not written here: one is
 * generated for each declared {@link Setting} ({@code maxConcurrent} becomes {@code
 * --max-concurrent}), with the setting's description and default as its help, so the command line,
 * the config file and the REST API can never drift apart.
 *
 * <p>SIGTERM or Ctrl-C stops it within 5 s: every active download is stopped with a checkpoint and
 * resumes at the next start.
 */
@Command(
    name = "daemon",
    mixinStandardHelpOptions = true,
    description = {
      "Run the download daemon: a persistent queue controlled over REST (/api/v1) and WebSocket.",
      "Settings come from dlm.conf in the home, then these options; runtime ones also change with"
          + " PATCH /api/v1/settings."
    },
    modelTransformer = DaemonCommand.SettingOptions.class)
public final class DaemonCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  private final BiFunction<DaemonHome, Settings, Backend> backends;

  /** The production command: the SQLite store and the engine. */
  public DaemonCommand() {
    this(EngineBackend::open);
  }

  /** A command over another backend (tests). */
  public DaemonCommand(BiFunction<DaemonHome, Settings, Backend> backends) {
    this.backends = backends;
  }

  /**
   * Adds one option per setting to the command's model. picocli applies it when the command is the
   * root or is listed in a parent's {@code subcommands} annotation (not on {@code addSubcommand}).
   */
  public static final class SettingOptions implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      for (Setting<?> s : Settings.ALL) {
        if (spec.findOption(s.optionName()) != null) {
          continue;
        }
        String shown = s.secret() ? "" : s.format(s.defaultValue());
        spec.addOption(
            OptionSpec.builder(s.optionName())
                .paramLabel(s.type().toUpperCase(java.util.Locale.ROOT).replace(':', '_'))
                .type(String.class)
                .description(
                    sentence(s.description())
                        + (shown.isEmpty() ? "" : " (default: " + shown + ")")
                        + (s.runtime() ? "" : " [restart to change]"))
                .build());
      }
      return spec;
    }
  }

  /** Settings are described in lower case for the docs and JSON; option help reads as sentences. */
  private static String sentence(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  @Override
  public Integer call() {
    ClientContext context = ClientContext.of(spec);
    PrintWriter err = context.err();
    Map<String, String> commandLine = new LinkedHashMap<>();
    for (Setting<?> s : Settings.ALL) {
      OptionSpec option = spec.findOption(s.optionName());
      if (option != null && option.getValue() != null) {
        commandLine.put(s.name(), option.getValue());
      }
    }
    DaemonHome home = context.home();
    Daemon daemon;
    try {
      Settings settings = Daemon.settings(home, commandLine);
      Daemon.check(settings);
      home.create();
      LogFile.configure(home.logFile(), settings.get(Settings.LOG_FORMAT));
      daemon = Daemon.start(home, settings, backends.apply(home, settings));
    } catch (DaemonException e) {
      err.println("dlm: " + e.getMessage());
      err.flush();
      return 1;
    }
    Thread hook = new Thread(daemon::close, "dlm-daemon-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    PrintWriter out = context.out();
    out.println(
        "dlm daemon listening on "
            + daemon.url()
            + " (token and address in "
            + home.addressFile()
            + ")");
    out.flush();
    try {
      daemon.awaitStop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      daemon.close();
    }
    return 0;
  }
}
