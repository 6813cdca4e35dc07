package dev.dlm.cli.client;

/** A client command failed; the message is the one line to print, with the exit code to return. */
public final class ClientError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public ClientError(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
