package dev.dlm.core.storage;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns names a server or a URL suggests into names that are safe on every file system dlm runs on.
 * A hostile {@code Content-Disposition} must never place a file outside the download directory, hide
 * it, or collide with a device name on Windows; so sanitising keeps only the last path segment and
 * removes what could change its meaning.
 */
public final class FileNames {

  /** The name used when nothing usable is left. */
  public static final String FALLBACK = "download";

  private static final int MAX_NAME_BYTES = 255;
  private static final int MAX_EXTENSION_CHARS = 16;
  private static final Set<String> RESERVED =
      Set.of(
          "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
          "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private FileNames() {}

  /**
   * A safe single file name: the last segment after any {@code /} or {@code \}, without control
   * characters, characters Windows forbids, leading dots, trailing dots and spaces; a reserved device
   * name gets a leading underscore; at most 255 UTF-8 bytes with the extension kept; never empty.
   */
  public static String sanitize(String suggested) {
    String name = suggested == null ? "" : suggested;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    name = name.substring(slash + 1);
    StringBuilder clean = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return;
              }
              clean.appendCodePoint("<>:\"|?*".indexOf(c) >= 0 ? '_' : c);
            });
    name = stripEdges(clean.toString());
    if (name.isEmpty()) {
      return FALLBACK;
    }
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).trim().toUpperCase(Locale.ROOT);
    if (RESERVED.contains(stem)) {
      name = "_" + name;
    }
    return capLength(name);
  }

  /** The URL's last path segment, percent-decoded, if there is a non-empty one. */
  public static Optional<String> fromUri(URI uri) {
    String path = uri.getRawPath();
    if (path == null || path.isEmpty() || path.endsWith("/")) {
      return Optional.empty();
    }
    String last = path.substring(path.lastIndexOf('/') + 1);
    try {
      last = URLDecoder.decode(last.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      // keep the raw segment: a stray '%' is still a usable name once sanitised
    }
    return last.isBlank() ? Optional.empty() : Optional.of(last);
  }

  /**
   * The path of a manifest entry under {@code directory}: each segment sanitised; empty when the
   * relative path tries to climb out ({@code ..}) or still resolves outside the directory.
   */
  public static Optional<Path> resolveInside(Path directory, String relativePath) {
    List<String> segments = new ArrayList<>();
    for (String segment : relativePath.split("[/\\\\]")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        return Optional.empty();
      }
      segments.add(sanitize(segment));
    }
    if (segments.isEmpty()) {
      return Optional.empty();
    }
    Path base = directory.toAbsolutePath().normalize();
    Path resolved = base;
    for (String segment : segments) {
      resolved = resolved.resolve(segment);
    }
    resolved = resolved.normalize();
    return isInside(base, resolved) ? Optional.of(resolved) : Optional.empty();
  }

  /** Whether {@code path} is strictly below {@code directory}. */
  public static boolean isInside(Path directory, Path path) {
    Path base = directory.toAbsolutePath().normalize();
    Path normal = path.toAbsolutePath().normalize();
    return normal.startsWith(base) && !normal.equals(base);
  }

  private static String stripEdges(String name) {
    int start = 0;
    while (start < name.length() && (name.charAt(start) == '.' || name.charAt(start) == ' ')) {
      start++;
    }
    int end = name.length();
    while (end > start && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
      end--;
    }
    return name.substring(start, end);
  }

  private static String capLength(String name) {
    if (utf8Length(name) <= MAX_NAME_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension =
        dot > 0 && name.length() - dot <= MAX_EXTENSION_CHARS ? name.substring(dot) : "";
    String stem = extension.isEmpty() ? name : name.substring(0, dot);
    int budget = MAX_NAME_BYTES - utf8Length(extension);
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < stem.length(); ) {
      int c = stem.codePointAt(i);
      int size = utf8Length(new String(Character.toChars(c)));
      if (used + size > budget) {
        break;
      }
      kept.appendCodePoint(c);
      used += size;
      i += Character.charCount(c);
    }
    return stripEdges(kept.toString()) + extension;
  }

  private static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
