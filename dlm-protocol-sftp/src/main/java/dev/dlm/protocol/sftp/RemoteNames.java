package dev.dlm.protocol.sftp;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Decides which names from a server listing may become local paths, and builds the URL of a child.
 *
 * <p>A listing is untrusted input: an entry called {@code ..}, {@code /etc/x} or one with a control
 * character must never produce a path outside the download's directory (or a terminal escape in a
 * progress line). Such entries are skipped here; the engine sanitises what remains once more.
 */
final class RemoteNames {

  private RemoteNames() {}

  /** Whether a listed name is a plain, single path segment. */
  static boolean acceptable(String name) {
    if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
      return false;
    }
    return name.chars().noneMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f);
  }

  /** The URL of {@code name} inside the directory at {@code directory}, credentials kept. */
  static URI child(URI directory, String name) {
    String raw =
        directory.getRawPath() == null || directory.getRawPath().isEmpty()
            ? "/"
            : directory.getRawPath();
    String base = raw.endsWith("/") ? raw : raw + "/";
    String authority = directory.getRawAuthority();
    return URI.create(directory.getScheme() + "://" + authority + base + encode(name));
  }

  /** Percent-encodes everything but RFC 3986 unreserved characters. */
  static String encode(String segment) {
    StringBuilder out = new StringBuilder();
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }
}
