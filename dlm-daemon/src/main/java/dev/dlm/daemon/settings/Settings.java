package dev.dlm.daemon.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Every setting of the daemon, declared here once, and their current values.
 *
 * <p>Values are layered: the declared default, then the config file of the home, then the command
 * line; at run time {@link #patch(Map)} changes only settings declared {@link Setting#runtime()}.
 * The current values are one immutable map swapped atomically, so readers never lock and a patch of
 * several settings is seen whole or not at all. Listeners run after each change on the caller's
 * thread; they must be quick.
 */
public final class Settings {

  public static final Setting<Listen> LISTEN =
      new Setting<>(
          "listen",
          "host:port",
          new Listen("127.0.0.1", 6800),
          "address of the REST API; a non-loopback address needs a secret",
          false,
          false,
          Listen::parse,
          Listen::toString);

  public static final Setting<String> SECRET =
      new Setting<>(
          "secret",
          "token",
          "",
          "bearer token clients must send; empty: generate one into the home at first start",
          false,
          true,
          Function.identity(),
          Function.identity());

  public static final Setting<String> CORS_ORIGINS =
      new Setting<>(
          "corsOrigins",
          "origins",
          "",
          "browser origins allowed to call the API, comma-separated (https://ui.example:8443);"
              + " empty: none",
          false,
          false,
          Settings::origins,
          Function.identity());

  public static final Setting<Path> DIR =
      new Setting<>(
          "dir",
          "directory",
          Path.of(System.getProperty("user.home"), "Downloads"),
          "where downloads go when a request names no directory",
          true,
          false,
          Settings::absoluteDirectory,
          Path::toString);

  public static final Setting<Integer> MAX_CONCURRENT =
      new Setting<>(
          "maxConcurrent",
          "integer",
          5,
          "downloads active at once; the rest wait in the queue",
          true,
          false,
          text -> atLeast(text, 1),
          String::valueOf);

  public static final Setting<Long> GLOBAL_LIMIT_RATE =
      new Setting<>(
          "globalLimitRate",
          "rate",
          0L,
          "cap on all downloads together, in bytes per second (500K, 5M); 0 is unlimited",
          true,
          false,
          Rates::parseBytesPerSecond,
          Rates::format);

  public static final Setting<Integer> MAX_CONNECTIONS_PER_HOST =
      new Setting<>(
          "maxConnectionsPerHost",
          "integer",
          16,
          "connections open to one host at once, across all downloads",
          false,
          false,
          text -> atLeast(text, 1),
          String::valueOf);

  public static final Setting<Integer> MAX_CONNECTIONS =
      new Setting<>(
          "maxConnections",
          "integer",
          0,
          "connections open at once across all downloads and hosts, each download getting one"
              + " before any gets more; 0: no budget beyond maxConnectionsPerHost",
          false,
          false,
          text -> atLeast(text, 0),
          String::valueOf);

  public static final Setting<Integer> RETRY_ATTEMPTS =
      new Setting<>(
          "retryAttempts",
          "integer",
          5,
          "runs of a job after transient failures before it is marked failed (0: no retry)",
          true,
          false,
          text -> atLeast(text, 0),
          String::valueOf);

  public static final Setting<Duration> RETRY_DELAY =
      new Setting<>(
          "retryDelay",
          "duration",
          Duration.ofSeconds(2),
          "wait before the first job-level retry, doubled for each further one (2s, 500ms, 1m)",
          true,
          false,
          Settings::parseDuration,
          Settings::formatDuration);

  public static final Setting<String> ON_DOWNLOAD_COMPLETE =
      new Setting<>(
          "onDownloadComplete",
          "command",
          "",
          "program run with the download id and file path after a download completes",
          true,
          false,
          Function.identity(),
          Function.identity());

  public static final Setting<String> ON_DOWNLOAD_ERROR =
      new Setting<>(
          "onDownloadError",
          "command",
          "",
          "program run with the download id and file path after a download fails",
          true,
          false,
          Function.identity(),
          Function.identity());

  public static final Setting<LogFormat> LOG_FORMAT =
      new Setting<>(
          "logFormat",
          "text|json",
          LogFormat.TEXT,
          "log file format: text lines, or one JSON object a line",
          false,
          false,
          LogFormat::parse,
          LogFormat::code);

  /** Every setting, in the order of help texts and the config file. */
  public static final List<Setting<?>> ALL =
      List.of(
          LISTEN,
          SECRET,
          CORS_ORIGINS,
          DIR,
          MAX_CONCURRENT,
          GLOBAL_LIMIT_RATE,
          MAX_CONNECTIONS_PER_HOST,
          MAX_CONNECTIONS,
          RETRY_ATTEMPTS,
          RETRY_DELAY,
          ON_DOWNLOAD_COMPLETE,
          ON_DOWNLOAD_ERROR,
          LOG_FORMAT);

  private final AtomicReference<Map<Setting<?>, Object>> values;
  private final List<Consumer<Settings>> listeners = new CopyOnWriteArrayList<>();

  private Settings(Map<Setting<?>, Object> values) {
    this.values = new AtomicReference<>(Map.copyOf(values));
  }

  /** Every setting at its default. */
  public static Settings defaults() {
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    for (Setting<?> s : ALL) {
      values.put(s, s.defaultValue());
    }
    return new Settings(values);
  }

  /** The declared setting called {@code name}. */
  public static Optional<Setting<?>> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).<Setting<?>>map(s -> s).findFirst();
  }

  public <T> T get(Setting<T> setting) {
    @SuppressWarnings("unchecked")
    T value = (T) values.get().get(setting);
    return value;
  }

  /**
   * A copy with the given settings overridden by their text forms, any setting allowed: for the
   * config file and the command line before the daemon starts.
   */
  public Settings with(Map<String, String> texts) {
    return new Settings(parseAll(texts, false));
  }

  /**
   * Changes runtime settings while the daemon runs. All or nothing: an unknown name, a setting that
   * is not changeable at run time or a bad value changes none of them.
   *
   * @return the settings that changed, by name, in their text form
   * @throws IllegalArgumentException with a user-facing message
   */
  public Map<String, String> patch(Map<String, String> texts) {
    Map<Setting<?>, Object> next = parseAll(texts, true);
    Map<Setting<?>, Object> before = values.getAndSet(Map.copyOf(next));
    Map<String, String> changed = new LinkedHashMap<>();
    for (Setting<?> s : ALL) {
      if (!before.get(s).equals(next.get(s))) {
        changed.put(s.name(), s.format(next.get(s)));
      }
    }
    if (!changed.isEmpty()) {
      listeners.forEach(l -> l.accept(this));
    }
    return changed;
  }

  /** Runs {@code listener} after every effective {@link #patch(Map)}. */
  public void onChange(Consumer<Settings> listener) {
    listeners.add(listener);
  }

  /** Every setting in its text form, secrets replaced by {@code "***"} when set. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    Map<Setting<?>, Object> now = values.get();
    for (Setting<?> s : ALL) {
      String text = s.format(now.get(s));
      out.put(s.name(), s.secret() && !text.isEmpty() ? "***" : text);
    }
    return out;
  }

  private Map<Setting<?>, Object> parseAll(Map<String, String> texts, boolean runtimeOnly) {
    Map<Setting<?>, Object> next = new LinkedHashMap<>(values.get());
    List<String> problems = new ArrayList<>();
    texts.forEach(
        (name, text) -> {
          Optional<Setting<?>> setting = named(name);
          if (setting.isEmpty()) {
            problems.add("unknown setting '" + name + "'");
          } else if (runtimeOnly && !setting.get().runtime()) {
            problems.add(
                name
                    + " cannot change while the daemon runs; set it in the config file or on the"
                    + " command line and restart");
          } else {
            try {
              next.put(setting.get(), setting.get().parse(text));
            } catch (IllegalArgumentException e) {
              problems.add(e.getMessage());
            }
          }
        });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return next;
  }

  private static int atLeast(String text, int min) {
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number", e);
    }
    if (value < min) {
      throw new IllegalArgumentException("must be at least " + min);
    }
    return value;
  }

  /**
   * Checks a comma-separated list of {@code scheme://host[:port]} origins; returns it normalised.
   */
  private static String origins(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      String origin = part.strip();
      if (origin.isEmpty()) {
        continue;
      }
      if (!origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "'" + origin + "' is not an origin like https://ui.example:8443");
      }
      out.add(origin);
    }
    return String.join(",", out);
  }

  private static Path absoluteDirectory(String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the directory is empty");
    }
    Path path = Path.of(text);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("use an absolute path");
    }
    return path.normalize();
  }

  static Duration parseDuration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return nonNegative(Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
      }
      if (t.endsWith("s")) {
        return nonNegative(Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      if (t.endsWith("m")) {
        return nonNegative(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))));
      }
      if (t.endsWith("h")) {
        return nonNegative(Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1))));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("write e.g. 500ms, 2s, 1m or 1h", e);
    }
    throw new IllegalArgumentException("write e.g. 500ms, 2s, 1m or 1h");
  }

  private static Duration nonNegative(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("must not be negative");
    }
    return d;
  }

  static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0 && ms != 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0 && ms != 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
