package dev.dlm.store.sqlite;

import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobRecord.JobError;
import dev.dlm.core.store.Priority;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Validator;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The mapping between a {@link JobRecord} and a row of {@code jobs}: the one place that knows the
 * column names, their order and their encodings (see V1__create_jobs.sql).
 */
final class JobRows {

  /** Every column a record is made of, in the order {@link #bind} and {@link #read} use. */
  static final String COLUMNS =
      "id, key, request, state, priority, target, total_bytes, etag, last_modified,"
          + " validator_length_bytes, completed, created_at, finished_at, error_kind, error_message";

  /** Adds a row; {@code seq} (the queue position) is assigned by SQLite and never reused. */
  static final String INSERT =
      "INSERT INTO jobs ("
          + COLUMNS
          + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

  /** Rewrites every column of the row with id {@code ?1} but {@code seq}: a job keeps its place. */
  static final String UPDATE =
      "UPDATE jobs SET key = ?2, request = ?3, state = ?4, priority = ?5, target = ?6,"
          + " total_bytes = ?7, etag = ?8, last_modified = ?9, validator_length_bytes = ?10,"
          + " completed = ?11, created_at = ?12, finished_at = ?13, error_kind = ?14,"
          + " error_message = ?15 WHERE id = ?1";

  private JobRows() {}

  /** Binds the record to the parameters of {@link #INSERT} or {@link #UPDATE}. */
  static void bind(PreparedStatement statement, JobRecord job) throws SQLException {
    bind(statement, job, RequestJson.write(job.request()));
  }

  /** The same, with the request already written as {@code requestJson}. */
  static void bind(PreparedStatement statement, JobRecord job, String requestJson) throws SQLException {
    statement.setString(1, job.id());
    statement.setString(2, job.key());
    statement.setString(3, requestJson);
    statement.setString(4, job.state().code());
    statement.setInt(5, rank(job.priority()));
    setOptional(statement, 6, job.target().map(Path::toString));
    statement.setLong(7, job.totalBytes());
    setOptional(statement, 8, job.validator().etag());
    setOptional(statement, 9, job.validator().lastModified());
    statement.setLong(10, job.validator().lengthBytes());
    statement.setBytes(11, RangeBlob.encode(job.completed()));
    statement.setString(12, job.createdAt().toString());
    setOptional(statement, 13, job.finishedAt().map(Instant::toString));
    setOptional(statement, 14, job.error().map(e -> e.kind().code()));
    setOptional(statement, 15, job.error().map(JobError::message));
  }

  /**
   * Reads the row at the cursor, selected with {@link #COLUMNS}.
   *
   * @throws IllegalArgumentException if a value is not one this code writes
   */
  static JobRecord read(ResultSet row) throws SQLException {
    String errorKind = row.getString(14);
    String errorMessage = row.getString(15);
    Optional<JobError> error =
        errorKind == null
            ? Optional.empty()
            : Optional.of(
                new JobError(errorKind(errorKind), errorMessage == null ? "" : errorMessage));
    return new JobRecord(
        row.getString(1),
        row.getString(2),
        RequestJson.read(row.getString(3)),
        state(row.getString(4)),
        priority(row.getInt(5)),
        Optional.ofNullable(row.getString(6)).map(Path::of),
        row.getLong(7),
        new Validator(
            Optional.ofNullable(row.getString(8)),
            Optional.ofNullable(row.getString(9)),
            row.getLong(10)),
        RangeBlob.decode(row.getBytes(11)),
        Instant.parse(row.getString(12)),
        Optional.ofNullable(row.getString(13)).map(Instant::parse),
        error);
  }

  /** Queue rank: lower runs first, with room on both sides for priorities added later. */
  static int rank(Priority priority) {
    return switch (priority) {
      case HIGH -> 1;
      case NORMAL -> 2;
      case LOW -> 3;
    };
  }

  private static Priority priority(int rank) {
    return switch (rank) {
      case 1 -> Priority.HIGH;
      case 2 -> Priority.NORMAL;
      case 3 -> Priority.LOW;
      default -> throw new IllegalArgumentException("unknown priority rank " + rank);
    };
  }

  private static DownloadState state(String code) {
    return DownloadState.valueOf(code.toUpperCase(Locale.ROOT));
  }

  private static ErrorKind errorKind(String code) {
    return ErrorKind.valueOf(code.toUpperCase(Locale.ROOT));
  }

  private static void setOptional(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }
}
