package dev.dlm.cli;

/**
 * The user's command line cannot be carried out as written. Its message is one line, {@code what is
 * wrong; what to do}, printed after {@code dlm: }; the command exits with {@link ExitCode#USAGE}.
 */
public final class UsageError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UsageError(String message) {
    super(message);
  }

  public UsageError(String message, Throwable cause) {
    super(message, cause);
  }
}
