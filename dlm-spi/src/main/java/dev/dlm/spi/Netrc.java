package dev.dlm.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Credentials from a netrc file ({@code ~/.netrc}, or the file the user names), as curl, wget and
 * ftp read them. It lives in the SPI because every protocol with passwords (HTTP, FTP, SFTP) looks
 * them up the same way.
 *
 * <p>Grammar: whitespace-separated tokens; {@code machine NAME} starts an entry, {@code default}
 * starts the catch-all entry, followed by {@code login}, {@code password} and {@code account}
 * values; {@code macdef NAME} skips a macro up to the next empty line; {@code #} starts a comment;
 * a value may be double-quoted with backslash escapes (curl's extension) to hold spaces.
 */
public final class Netrc {

  private final List<Entry> entries;

  private Netrc(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * One entry of the file.
   *
   * @param machine the host name, or empty for the {@code default} entry
   */
  public record Entry(
      Optional<String> machine,
      Optional<String> login,
      Optional<String> password,
      Optional<String> account) {

    @Override
    public String toString() {
      return "Entry[machine="
          + machine.orElse("default")
          + ", login="
          + login.orElse("")
          + ", password="
          + (password.isPresent() ? "<hidden>" : "")
          + "]";
    }
  }

  /** An empty netrc (no file). */
  public static Netrc empty() {
    return new Netrc(List.of());
  }

  /** Reads {@code file}; a missing file is an empty netrc. */
  public static Netrc load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return empty();
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** {@code ~/.netrc}, where curl and wget look by default. */
  public static Path defaultFile() {
    return Path.of(System.getProperty("user.home"), ".netrc");
  }

  public static Netrc parse(String text) {
    List<Entry> entries = new ArrayList<>();
    Tokens tokens = new Tokens(text);
    Builder current = null;
    for (String token = tokens.next(); token != null; token = tokens.next()) {
      switch (token) {
        case "machine" -> {
          add(entries, current);
          current = new Builder(Optional.ofNullable(tokens.next()));
        }
        case "default" -> {
          add(entries, current);
          current = new Builder(Optional.empty());
        }
        case "login", "password", "account" -> {
          String value = tokens.next();
          if (current != null && value != null) {
            current.set(token, value);
          }
        }
        case "macdef" -> {
          add(entries, current);
          current = null;
          tokens.skipMacro();
        }
        default -> {
          // unknown tokens are ignored, as curl does
        }
      }
    }
    add(entries, current);
    return new Netrc(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * The credentials for {@code host}: the first {@code machine} entry naming it (case-insensitive),
   * else the {@code default} entry.
   */
  public Optional<Entry> find(String host) {
    return entries.stream()
        .filter(e -> e.machine().map(m -> m.equalsIgnoreCase(host)).orElse(false))
        .findFirst()
        .or(() -> entries.stream().filter(e -> e.machine().isEmpty()).findFirst());
  }

  /** Like {@link #find(String)}, but only an entry for {@code login} (when one is given) counts. */
  public Optional<Entry> find(String host, String login) {
    return entries.stream()
        .filter(e -> e.machine().map(m -> m.equalsIgnoreCase(host)).orElse(true))
        .filter(e -> e.login().map(l -> l.equals(login)).orElse(false))
        .min((a, b) -> Boolean.compare(a.machine().isEmpty(), b.machine().isEmpty()));
  }

  @Override
  public String toString() {
    return "Netrc" + entries;
  }

  private static void add(List<Entry> entries, Builder builder) {
    if (builder != null) {
      entries.add(builder.build());
    }
  }

  private static final class Builder {
    private final Optional<String> machine;
    private String login;
    private String password;
    private String account;

    Builder(Optional<String> machine) {
      this.machine = machine;
    }

    void set(String key, String value) {
      switch (key) {
        case "login" -> login = value;
        case "password" -> password = value;
        default -> account = value;
      }
    }

    Entry build() {
      return new Entry(
          machine,
          Optional.ofNullable(login),
          Optional.ofNullable(password),
          Optional.ofNullable(account));
    }
  }

  /** Splits the text into tokens, honouring quotes, comments and macro bodies. */
  private static final class Tokens {
    private final String text;
    private int position;

    Tokens(String text) {
      this.text = text;
    }

    String next() {
      while (position < text.length()) {
        char c = text.charAt(position);
        if (c == '#') {
          skipLine();
        } else if (Character.isWhitespace(c)) {
          position++;
        } else {
          return c == '"' ? quoted() : bare();
        }
      }
      return null;
    }

    /** Skips the macro name and its body, which ends at an empty line. */
    void skipMacro() {
      skipLine();
      while (position < text.length()) {
        int end = text.indexOf('\n', position);
        String line = end < 0 ? text.substring(position) : text.substring(position, end);
        position = end < 0 ? text.length() : end + 1;
        if (line.isBlank()) {
          return;
        }
      }
    }

    private void skipLine() {
      int end = text.indexOf('\n', position);
      position = end < 0 ? text.length() : end + 1;
    }

    private String bare() {
      int start = position;
      while (position < text.length() && !Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      return text.substring(start, position);
    }

    private String quoted() {
      StringBuilder value = new StringBuilder();
      position++;
      while (position < text.length()) {
        char c = text.charAt(position++);
        if (c == '"') {
          break;
        }
        if (c == '\\' && position < text.length()) {
          char escaped = text.charAt(position++);
          value.append(
              switch (escaped) {
                case 'n' -> '\n';
                case 't' -> '\t';
                case 'r' -> '\r';
                default -> escaped;
              });
        } else {
          value.append(c);
        }
      }
      return value.toString();
    }
  }
}
