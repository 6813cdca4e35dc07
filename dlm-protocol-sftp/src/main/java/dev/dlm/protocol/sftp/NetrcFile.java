package dev.dlm.protocol.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The logins of a {@code .netrc} file, read just far enough to find one host's credentials.
 *
 * <p>A stop-gap until the shared {@code dev.dlm.spi.Netrc} parser lands on main: it understands
 * {@code machine}, {@code default}, {@code login}, {@code password} and skips {@code account} and
 * {@code macdef} bodies. An unreadable file counts as empty, so a broken netrc never blocks a
 * download that does not need it.
 */
final class NetrcFile {

  /** One machine's login; {@code host} is empty for the {@code default} entry. */
  record Login(Optional<String> host, Optional<String> user, Optional<String> password) {

    @Override
    public String toString() {
      return "Login[" + host.orElse("default") + ", " + user.orElse("") + "]";
    }
  }

  private final List<Login> logins;

  private NetrcFile(List<Login> logins) {
    this.logins = List.copyOf(logins);
  }

  /** Reads {@code file}; a missing or unreadable file yields no logins. */
  static NetrcFile load(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return new NetrcFile(List.of());
    }
  }

  static NetrcFile parse(String text) {
    List<Login> logins = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    List<String> tokens = new ArrayList<>();
    boolean inMacro = false;
    for (String line : lines) {
      if (inMacro) {
        inMacro = !line.isBlank();
        continue;
      }
      String[] words = line.trim().split("\\s+");
      for (int i = 0; i < words.length; i++) {
        if (words[i].equals("macdef")) {
          inMacro = true;
          break;
        }
        if (!words[i].isEmpty()) {
          tokens.add(words[i]);
        }
      }
    }
    Optional<String> host = Optional.empty();
    Optional<String> user = Optional.empty();
    Optional<String> password = Optional.empty();
    boolean open = false;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String value = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
      switch (token) {
        case "machine", "default" -> {
          if (open) {
            logins.add(new Login(host, user, password));
          }
          open = true;
          host = token.equals("machine") ? Optional.of(value) : Optional.empty();
          user = Optional.empty();
          password = Optional.empty();
          if (token.equals("machine")) {
            i++;
          }
        }
        case "login" -> {
          user = Optional.of(value);
          i++;
        }
        case "password" -> {
          password = Optional.of(value);
          i++;
        }
        case "account" -> i++;
        default -> {}
      }
    }
    if (open) {
      logins.add(new Login(host, user, password));
    }
    return new NetrcFile(logins);
  }

  /**
   * The login for {@code host}: the first {@code machine} entry with that name (and that user, when
   * one is given), else the {@code default} entry.
   */
  Optional<Login> find(String host, Optional<String> user) {
    Optional<Login> exact =
        logins.stream()
            .filter(l -> l.host().filter(host::equalsIgnoreCase).isPresent())
            .filter(l -> user.isEmpty() || l.user().equals(user))
            .findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    return logins.stream()
        .filter(l -> l.host().isEmpty())
        .filter(l -> user.isEmpty() || l.user().equals(user))
        .findFirst();
  }
}
