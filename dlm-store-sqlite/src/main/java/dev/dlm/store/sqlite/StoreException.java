package dev.dlm.store.sqlite;

/**
 * The job store cannot do what was asked: its file is corrupt, unreadable, locked for too long, or
 * the disk is full. The message is one line that names the database file and says what to do, so a
 * command can print it as it is.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
