package dev.dlm.daemon.api;

/** Thrown by a handler to answer with a problem document; the message is its {@code detail}. */
final class ProblemException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;

  ProblemException(int status, String detail) {
    super(detail);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ProblemException badRequest(String detail) {
    return new ProblemException(400, detail);
  }
}
