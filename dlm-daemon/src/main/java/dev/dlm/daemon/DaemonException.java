package dev.dlm.daemon;

/** The daemon cannot start; the message is one line that says why and what to do. */
public final class DaemonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public DaemonException(String message) {
    super(message);
  }

  public DaemonException(String message, Throwable cause) {
    super(message, cause);
  }
}
