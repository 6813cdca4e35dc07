package dev.dlm.cli;

import java.util.function.IntSupplier;

/**
 * What the live progress bar needs to know about the terminal standard output is connected to.
 *
 * @param width the current width in columns (it may change while a download runs)
 * @param colour whether ANSI colours may be used ({@code NO_COLOR} unset)
 * @param unicode whether the output encoding can show block characters
 */
public record TerminalScreen(IntSupplier width, boolean colour, boolean unicode) {

  /** A screen of a fixed width, for tests and for terminals that cannot report their size. */
  public static TerminalScreen fixed(int columns, boolean colour, boolean unicode) {
    return new TerminalScreen(() -> columns, colour, unicode);
  }
}
