package dev.dlm.spi;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failure with the advice the engine needs: its {@link ErrorKind} (retryable or not) and, when the
 * server said so, how long to wait before trying again. The message is for users: one line that says
 * what failed, never a credential.
 */
public class TransferException extends IOException {

  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;
  private final transient Duration retryAfter;

  public TransferException(ErrorKind kind, String message) {
    this(kind, message, null, null);
  }

  public TransferException(ErrorKind kind, String message, Throwable cause) {
    this(kind, message, null, cause);
  }

  public TransferException(ErrorKind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
    this.retryAfter = retryAfter;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The delay the server asked for (HTTP Retry-After), if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind.retryable();
  }
}
