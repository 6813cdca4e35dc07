package dev.dlm.cli;

import dev.dlm.spi.Prompt;
import java.io.Console;
import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** The {@link Shell} of a real process: its standard streams, environment, terminal and SIGINT. */
final class SystemShell {

  private SystemShell() {}

  static Shell create() {
    return new Shell(
        writer(System.out),
        writer(System.err),
        new FileInputStream(FileDescriptor.in),
        System.getenv(),
        Path.of("").toAbsolutePath(),
        stdoutIsTerminal() ? Optional.of(screen()) : Optional.empty(),
        new SignalInterrupts(),
        prompt(),
        Clock.systemUTC());
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, stream.charset()), true);
  }

  private static TerminalScreen screen() {
    boolean colour = System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    boolean unicode = System.out.charset().newEncoder().canEncode("█░");
    return new TerminalScreen(new TerminalWidth(System.getenv("COLUMNS")), colour, unicode);
  }

  /** Asks on the console for passwords, when the user sits at a terminal; never otherwise. */
  private static Prompt prompt() {
    Console console = System.console();
    if (console == null || !console.isTerminal()) {
      return Prompt.none();
    }
    return question -> Optional.ofNullable(console.readPassword("%s: ", question));
  }

  /**
   * Whether standard output (not input: {@code cat urls | dlm get -i -} still deserves a bar) is a
   * terminal. Linux answers without a subprocess through {@code /proc/self/fd/1}; elsewhere the
   * JDK's console, which requires both streams to be terminals, decides.
   */
  private static boolean stdoutIsTerminal() {
    Path fd = Path.of("/proc/self/fd/1");
    if (Files.isSymbolicLink(fd)) {
      try {
        String target = Files.readSymbolicLink(fd).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return false;
      }
    }
    Console console = System.console();
    return console != null && console.isTerminal();
  }
}
