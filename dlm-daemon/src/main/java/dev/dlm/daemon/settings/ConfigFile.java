package dev.dlm.daemon.settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's config file, {@code dlm.conf} in the home: {@code name = value} lines with {@code #}
 * comments, the names and value spellings of {@link Settings} (the format of aria2's config file,
 * which people edit by hand). Settings changed at run time are written back in place, keeping every
 * other line and comment, so they survive a restart.
 */
public final class ConfigFile {

  /** The file name inside the home. */
  public static final String NAME = "dlm.conf";

  private final Path path;

  public ConfigFile(Path path) {
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /**
   * The settings the file sets, by name, as text; empty when the file does not exist.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed line
   */
  public Map<String, String> read() {
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(path)) {
      return out;
    }
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            path + ":" + (i + 1) + ": expected 'name = value', found '" + line + "'");
      }
      out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
    }
    return out;
  }

  /**
   * Sets {@code changes} in the file: replaces the line of each name that has one, appends the
   * others, keeps the rest. Written to a temporary file, forced and renamed, so a crash leaves the
   * old file or the new one.
   */
  public void write(Map<String, String> changes) {
    List<String> out = new ArrayList<>();
    Set<String> done = new HashSet<>();
    for (String line : Files.exists(path) ? lines() : List.<String>of()) {
      String stripped = line.strip();
      int eq = stripped.indexOf('=');
      String name = eq > 0 && !stripped.startsWith("#") ? stripped.substring(0, eq).strip() : null;
      if (name != null && changes.containsKey(name)) {
        if (done.add(name)) {
          out.add(name + " = " + changes.get(name));
        }
      } else {
        out.add(line);
      }
    }
    changes.forEach(
        (name, value) -> {
          if (!done.contains(name)) {
            out.add(name + " = " + value);
          }
        });
    try {
      Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
      Files.write(tmp, out, StandardCharsets.UTF_8);
      try (var channel =
          java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private List<String> lines() {
    try {
      return Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
