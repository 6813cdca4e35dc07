package dev.dlm.daemon.settings;

import java.util.Objects;
import java.util.function.Function;

/**
 * One option of the daemon, declared once so that the config file, the command line, {@code --help}
 * and the REST API can never disagree about its name, type, default or whether it may change while
 * the daemon runs (aria2 declares its options this way; dlm keeps the habit).
 *
 * <p>Every value has one text form: the config file, the command line and JSON strings are parsed
 * by {@link #parse(String)}, and {@link #format(Object)} gives it back.
 *
 * @param name the camelCase name used in the config file and in JSON
 * @param type a word for help texts ({@code integer}, {@code rate}, {@code host:port}, ...)
 * @param defaultValue the value when nothing sets it
 * @param description one line for {@code --help} and the docs
 * @param runtime whether {@code PATCH /api/v1/settings} may change it while the daemon runs
 * @param secret whether the value is hidden from {@code GET /api/v1/settings} and logs
 * @param parser text to value; throws {@link IllegalArgumentException} with a user-facing message
 * @param formatter value to text
 */
public record Setting<T>(
    String name,
    String type,
    T defaultValue,
    String description,
    boolean runtime,
    boolean secret,
    Function<String, T> parser,
    Function<T, String> formatter) {

  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parser, "parser");
    Objects.requireNonNull(formatter, "formatter");
  }

  /** Parses {@code text}; the message of a failure names this setting and says what is expected. */
  public T parse(String text) {
    try {
      return Objects.requireNonNull(parser.apply(text.trim()), name);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? "" : ": " + e.getMessage();
      throw new IllegalArgumentException(
          "invalid value '" + text + "' for " + name + " (expected " + type + ")" + why, e);
    }
  }

  /** The text form of {@code value}, as {@link #parse(String)} reads it back. */
  @SuppressWarnings("unchecked")
  public String format(Object value) {
    return formatter.apply((T) value);
  }

  /** The command-line spelling: {@code maxConcurrent} becomes {@code --max-concurrent}. */
  public String optionName() {
    StringBuilder sb = new StringBuilder("--");
    for (char c : name.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('-').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
