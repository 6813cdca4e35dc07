package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A daemon's own log (vsftpd's, sftp-server's) read back as its record of what it did: it writes a
 * line when a transfer ends, finished or cut short by a killed client, with the bytes it moved.
 *
 * @param file the log; a file not written yet reads as empty
 */
record ServerLog(Path file) {

  /** The lines that {@code line} accepts. */
  long count(Predicate<String> line) {
    return lines().stream().filter(line).count();
  }

  /**
   * Waits until {@code ends} finds at least as many lines for {@code name} as {@code begun} says were
   * started, then returns the bytes of all of them. {@code ends} names its groups {@code name} and
   * {@code bytes}.
   */
  long awaitBytes(Pattern ends, String name, LongSupplier begun, Duration timeout) {
    try {
      Awaitility.await("the end of every transfer of " + name + " in " + file)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> bytes(ends, name).size() >= begun.getAsLong());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          file + " logged " + bytes(ends, name).size() + " ends of " + begun.getAsLong() + " transfers of " + name, e);
    }
    return bytes(ends, name).stream().mapToLong(Long::longValue).sum();
  }

  private List<Long> bytes(Pattern ends, String name) {
    List<Long> bytes = new ArrayList<>();
    for (String line : lines()) {
      Matcher m = ends.matcher(line);
      if (m.find() && m.group("name").equals(name)) {
        bytes.add(Long.parseLong(m.group("bytes")));
      }
    }
    return bytes;
  }

  List<String> lines() {
    try {
      return Files.exists(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
