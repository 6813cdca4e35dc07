package dev.dlm.cli;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import sun.misc.Signal;

/**
 * The width of the terminal in columns: asked of JLine once, then again after each SIGWINCH
 * (asking costs a subprocess with JLine's exec provider, far too much for every redraw); else
 * {@code COLUMNS}; else 80.
 *
 * <p>JLine's own signal handling stays off: it would replace dlm's Ctrl-C handler. The JLine
 * terminal stays open for the life of the process: closing a system terminal closes standard
 * output with it.
 */
final class TerminalWidth implements IntSupplier {

  private static final int FALLBACK_COLUMNS = 80;

  private final String columnsVariable;
  private final AtomicInteger columns = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private Terminal terminal;

  TerminalWidth(String columnsVariable) {
    this.columnsVariable = columnsVariable;
  }

  @Override
  public int getAsInt() {
    int known = columns.get();
    if (known == 0) {
      known = measure();
      columns.set(known);
      try {
        Signal.handle(new Signal("WINCH"), signal -> columns.set(measure()));
      } catch (IllegalArgumentException e) {
        // No SIGWINCH on this platform: the first width stays.
      }
    }
    return known;
  }

  private int measure() {
    lock.lock();
    try {
      if (terminal == null) {
        terminal = TerminalBuilder.builder().system(true).dumb(true).nativeSignals(false).build();
      }
      int width = terminal.getWidth();
      if (width > 0) {
        return width;
      }
    } catch (IOException | RuntimeException e) {
      // Fall back to COLUMNS, then 80.
    } finally {
      lock.unlock();
    }
    try {
      int width = columnsVariable == null ? 0 : Integer.parseInt(columnsVariable.trim());
      return width > 0 ? width : FALLBACK_COLUMNS;
    } catch (NumberFormatException e) {
      return FALLBACK_COLUMNS;
    }
  }
}
