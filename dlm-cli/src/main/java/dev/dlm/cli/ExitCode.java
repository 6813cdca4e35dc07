package dev.dlm.cli;

/** The exit codes of every dlm command: a contract that scripts depend on. */
public final class ExitCode {

  /** Everything asked for succeeded. */
  public static final int OK = 0;

  /** At least one download (or other operation) failed. */
  public static final int FAILED = 1;

  /** The command line was wrong; nothing was started. */
  public static final int USAGE = 2;

  /** The user pressed Ctrl-C; the same command resumes. */
  public static final int INTERRUPTED = 130;

  private ExitCode() {}
}
