package dev.dlm.daemon.queue;

/**
 * A request the queue refuses; the {@link Reason} tells an API which status to answer with. The
 * message is one line for the user.
 */
public final class QueueException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the request was refused. */
  public enum Reason {
    /** No job has that id. */
    UNKNOWN_JOB,
    /** The job's state does not allow it (see {@link dev.dlm.core.DownloadState#canMoveTo}). */
    CONFLICT,
    /** The daemon is shutting down and takes no new work. */
    CLOSED
  }

  private final Reason reason;

  public QueueException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
