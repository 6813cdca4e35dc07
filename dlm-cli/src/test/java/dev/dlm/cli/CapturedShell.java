package dev.dlm.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.spi.Prompt;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Shell} for tests: captured output, a chosen environment, working directory and terminal,
 * and a Ctrl-C the test presses with {@link #pressCtrlC()}.
 */
public final class CapturedShell {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final Map<String, String> env = new HashMap<>();
  private final List<Runnable> ctrlC = new CopyOnWriteArrayList<>();
  private Path workingDirectory;
  private Optional<TerminalScreen> terminal = Optional.empty();
  private InputStream in = InputStream.nullInputStream();
  private Clock clock = Clock.systemUTC();

  public CapturedShell(Path workingDirectory) {
    this.workingDirectory = workingDirectory;
  }

  public CapturedShell env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CapturedShell terminal(TerminalScreen screen) {
    terminal = Optional.of(screen);
    return this;
  }

  public CapturedShell stdin(String text) {
    in = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  public CapturedShell clock(Clock newClock) {
    clock = newClock;
    return this;
  }

  public Shell shell() {
    return new Shell(
        new PrintWriter(out, true),
        new PrintWriter(err, true),
        in,
        env,
        workingDirectory,
        terminal,
        onFirst -> {
          ctrlC.add(onFirst);
          return () -> ctrlC.remove(onFirst);
        },
        Prompt.none(),
        clock);
  }

  /** Runs {@code dlm args...} in this shell and returns the exit code. */
  public int run(String... args) {
    return Main.run(shell(), args);
  }

  /** Presses Ctrl-C once, for whichever command is listening. */
  public boolean pressCtrlC() {
    ctrlC.forEach(Runnable::run);
    return !ctrlC.isEmpty();
  }

  public String out() {
    return out.toString();
  }

  /** Standard output as JSON, a value a line ({@code --progress json}); fails on another line. */
  public List<JsonNode> outJsonLines() {
    ObjectMapper json = new ObjectMapper();
    return out().lines()
        .map(
            line -> {
              try {
                return json.readTree(line);
              } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON: " + line, e);
              }
            })
        .toList();
  }

  public String err() {
    return err.toString();
  }

  /** The lines on standard error. */
  public List<String> errLines() {
    return err.toString().lines().toList();
  }
}
