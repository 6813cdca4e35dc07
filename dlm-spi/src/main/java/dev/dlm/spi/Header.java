package dev.dlm.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * One request header as the user gave it ({@code -H 'Name: value'}).
 *
 * <p>{@link #toString()} hides the value of headers that carry secrets, so a header can be logged.
 */
public record Header(String name, String value) {

  public Header {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    if (name.isBlank() || name.chars().anyMatch(c -> c <= ' ' || c == ':' || c >= 127)) {
      throw new IllegalArgumentException("invalid header name: '" + name + "'");
    }
    if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
      throw new IllegalArgumentException("header " + name + " has a line break or NUL in its value");
    }
  }

  /** Parses {@code "Name: value"}. */
  public static Header parse(String line) {
    int colon = line.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("a header must look like 'Name: value', got '" + line + "'");
    }
    return new Header(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
  }

  /** Whether the value is a credential that must never be logged. */
  public boolean isSecret() {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.equals("authorization")
        || lower.equals("proxy-authorization")
        || lower.equals("cookie")
        || lower.contains("token")
        || lower.contains("secret")
        || lower.contains("api-key");
  }

  @Override
  public String toString() {
    return name + ": " + (isSecret() ? "<hidden>" : value);
  }
}
