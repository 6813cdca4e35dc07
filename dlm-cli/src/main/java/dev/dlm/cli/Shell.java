package dev.dlm.cli;

import dev.dlm.spi.Prompt;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The world a command runs in: its streams, environment, working directory, terminal and Ctrl-C.
 *
 * <p>Commands never touch {@link System#out}, {@link System#getenv()} or signals directly, so the
 * whole command line runs in-process in tests with captured output, a chosen environment and a
 * Ctrl-C the test presses.
 *
 * @param out standard output (progress, results)
 * @param err standard error (the one-line errors)
 * @param in standard input ({@code -i -})
 * @param env the environment variables
 * @param workingDirectory where relative paths start
 * @param terminal the terminal standard output is connected to, if any
 * @param interrupts Ctrl-C
 * @param prompt asks the person at the terminal for a password, when there is one
 * @param clock the time source of progress output
 */
public record Shell(
    PrintWriter out,
    PrintWriter err,
    InputStream in,
    Map<String, String> env,
    Path workingDirectory,
    Optional<TerminalScreen> terminal,
    Interrupts interrupts,
    Prompt prompt,
    Clock clock) {

  public Shell {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(in, "in");
    env = Map.copyOf(env);
    workingDirectory = workingDirectory.toAbsolutePath().normalize();
    Objects.requireNonNull(terminal, "terminal");
    Objects.requireNonNull(interrupts, "interrupts");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(clock, "clock");
  }

  /** The value of environment variable {@code name}, when set and not blank. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
