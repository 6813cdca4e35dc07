package dev.dlm.cli;

/**
 * Ctrl-C as a command sees it: the first press runs the command's stop action (so downloads write
 * a final checkpoint and the command exits on its own); a second press ends the process at once.
 * Tests implement this to press Ctrl-C in-process.
 */
@FunctionalInterface
public interface Interrupts {

  /**
   * Runs {@code onFirst} (on some other thread) when the user first presses Ctrl-C while the
   * returned registration is open.
   */
  Registration onInterrupt(Runnable onFirst);

  /** Ends the interest in Ctrl-C; the default behaviour (ending the process) returns. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Ctrl-C is never pressed (headless embeddings). */
  static Interrupts none() {
    return onFirst -> () -> {};
  }
}
