package dev.dlm.store.sqlite;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns what SQLite, Flyway and the file system report into {@link StoreException}s whose message is
 * one line naming the database file and what to do. SQLite's own text is kept in the middle, since it
 * is what a bug report needs.
 */
final class StoreErrors {

  private StoreErrors() {}

  /** Whether another connection held the lock SQLite needed (the caller may try again). */
  static boolean isBusy(SQLException e) {
    SQLiteErrorCode code = primaryCode(e);
    return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED;
  }

  static StoreException of(Path file, String action, SQLException e) {
    String detail = oneLine(e.getMessage());
    String message =
        switch (primaryCode(e)) {
          case SQLITE_CORRUPT, SQLITE_NOTADB ->
              "the job store "
                  + file
                  + " is damaged or is not a dlm database ("
                  + detail
                  + "); move it aside to start with an empty queue, or restore it from a backup";
          case SQLITE_BUSY, SQLITE_LOCKED ->
              "cannot "
                  + action
                  + ": another dlm process kept the job store "
                  + file
                  + " locked for more than "
                  + SqliteJobStore.BUSY_TIMEOUT.toSeconds()
                  + " s; try again";
          case SQLITE_FULL ->
              "the disk holding the job store " + file + " is full; free some space and try again";
          case SQLITE_READONLY, SQLITE_CANTOPEN, SQLITE_PERM, SQLITE_AUTH ->
              "cannot "
                  + action
                  + ": the job store "
                  + file
                  + " cannot be opened or written ("
                  + detail
                  + "); check that you own it and may write to its directory";
          case SQLITE_IOERR ->
              "cannot " + action + ": I/O error on the job store " + file + " (" + detail
                  + "); check the disk";
          default -> "job store " + file + ": cannot " + action + " (" + detail + ")";
        };
    return new StoreException(message, e);
  }

  static StoreException of(Path file, IOException e) {
    String what =
        switch (e) {
          case AccessDeniedException denied -> "permission denied on " + denied.getFile();
          case FileAlreadyExistsException exists -> exists.getFile() + " is not a directory";
          default -> oneLine(e.toString());
        };
    return new StoreException(
        "cannot prepare the job store "
            + file
            + " ("
            + what
            + "); check that you may write to its directory, or choose another --home",
        e);
  }

  static StoreException notAFile(Path file) {
    return new StoreException(
        "the job store " + file + " is a directory; move it aside or choose another --home", null);
  }

  static StoreException migrationFailed(Path file, RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return of(file, "upgrade the schema", sql);
      }
    }
    return new StoreException(
        "cannot upgrade the job store "
            + file
            + " to this version of dlm ("
            + oneLine(e.getMessage())
            + "); move it aside to start with an empty queue",
        e);
  }

  static StoreException unreadableRow(Path file, String id, RuntimeException e) {
    return new StoreException(
        "job "
            + id
            + " in the job store "
            + file
            + " cannot be read ("
            + oneLine(e.getMessage())
            + "); remove it with dlm rm "
            + id,
        e);
  }

  /** Whether the statement broke a UNIQUE constraint on {@code jobs.column}. */
  static boolean violatesUnique(SQLException e, String column) {
    return e instanceof SQLiteException sqlite
        && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
        && String.valueOf(e.getMessage()).contains("jobs." + column);
  }

  private static SQLiteErrorCode primaryCode(SQLException e) {
    int code =
        e instanceof SQLiteException sqlite ? sqlite.getResultCode().code : e.getErrorCode();
    return SQLiteErrorCode.getErrorCode(code & 0xff);
  }

  private static String oneLine(String text) {
    return text == null ? "no detail" : text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
