package dev.dlm.store.sqlite;

import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The job store of {@code dlm get} and the daemon: one SQLite file in the home.
 *
 * <h2>Design</h2>
 *
 * <p><b>Durability.</b> WAL journal with {@code synchronous=NORMAL}: a commit appends to the WAL
 * without forcing it, so a call that returned survives a crash of the process (kill -9) at once,
 * and power loss once the WAL is next synced (at SQLite's WAL checkpoint, which also runs when the
 * store closes). Power loss can only drop the latest commits, in order, never tear one, which is
 * all the engine needs: it forces a download's bytes before it records them, so a lost record loses
 * progress, never correctness (docs/design/store.md argues it). With {@code FULL} every commit
 * forced the WAL, about 1 ms here while holding the store's lock, which serialised all downloads of
 * a {@code dlm get -i} behind one disk flush per store call. Readers never block the writer.
 *
 * <p><b>Group commit.</b> Writes (insert, update, checkpoint, delete) are queued; whichever caller
 * holds the lock next runs every queued write in one transaction, and each caller returns once the
 * transaction holding its write committed. So writes that pile up behind a commit (sixteen
 * downloads of a {@code dlm get -i} finishing together) share one instead of paying for one each,
 * and a call still survives kill -9 once it returns. A group that fails is rolled back and its
 * writes run again one by one, so one write's error (a taken key) is its caller's alone. Most
 * writes are one prepared statement; {@link #insertAll} begins {@code IMMEDIATE}, so it waits for
 * the write lock up front instead of failing half-way on a stale snapshot. The request JSON, which
 * every update rewrites, is written once per job and reused while the job keeps its request
 * ({@link RequestTexts}).
 *
 * <p><b>Two processes, one home.</b> A {@code dlm get} next to a running daemon shares the file;
 * SQLite's locks order their writes and a {@link #BUSY_TIMEOUT busy timeout} makes one wait for the
 * other instead of failing. (WAL needs shared memory, so the home must be on a local file system.)
 *
 * <p><b>Threads.</b> One connection, guarded by one {@link ReentrantLock} together with its cached
 * prepared statements. Store calls are short (a checkpoint is one prepared UPDATE of a few dozen
 * bytes); a pool would add connections that contend for SQLite's single write lock anyway. Virtual
 * threads waiting for the lock park without holding a carrier. The one inside sqlite-jdbc holds its
 * carrier for the native call, including a wait for another process's write (up to {@link
 * #BUSY_TIMEOUT}), so a store ties up at most one carrier. For the same reason a process opens one
 * store per file: several connections of one JVM waiting on each other in native code could hold
 * every carrier while the one with the lock never gets to commit.
 *
 * <p><b>Queue order.</b> Each row has a {@code seq} assigned at insert and never reused; listing is
 * by priority rank then {@code seq}, served by an index per state, so paging through tens of
 * thousands of queued jobs never sorts them.
 *
 * <p>Beyond the {@link JobStore} contract: {@link #update} of an unknown id throws {@link
 * NoSuchElementException}; {@link #checkpoint} of an unknown id does nothing, because a job removed
 * while its transfer winds down has nothing left to keep; {@link #insert} of a taken id or key throws
 * {@link IllegalStateException}; a database failure throws {@link StoreException}.
 */
public final class SqliteJobStore implements JobStore {

  /** How long a call waits for another process's write to finish before it fails. */
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);
  private static final long OPEN_RETRY_FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long OPEN_RETRY_MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final String SELECT = "SELECT " + JobRows.COLUMNS + " FROM jobs";
  private static final String CHECKPOINT = "UPDATE jobs SET completed = ? WHERE id = ?";
  private static final String QUEUE_ORDER = " ORDER BY priority, seq";

  private final Path file;
  private final ReentrantLock lock = new ReentrantLock();
  private final Connection connection; // guarded by lock
  private final Map<String, PreparedStatement> statements = new HashMap<>(); // guarded by lock
  private final RequestTexts requestTexts = new RequestTexts(); // guarded by lock
  private final ConcurrentLinkedQueue<Write<?>> queued = new ConcurrentLinkedQueue<>();
  private boolean closed; // guarded by lock
  private long groupCommits; // guarded by lock

  private SqliteJobStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /**
   * Opens the store in {@code databaseFile}, creating it and its parent directories if needed and
   * bringing its schema up to date.
   *
   * @throws StoreException if the file cannot be created, opened or migrated, or is not a dlm
   *     database; the message says which file and what to do
   */
  public static SqliteJobStore open(Path databaseFile) {
    Path file = databaseFile.toAbsolutePath().normalize();
    if (Files.isDirectory(file)) {
      throw StoreErrors.notAFile(file);
    }
    try {
      OwnerOnlyFile.prepare(file);
    } catch (IOException e) {
      throw StoreErrors.of(file, e);
    }
    SQLiteDataSource source = dataSource(file);
    long deadline = System.nanoTime() + BUSY_TIMEOUT.toNanos();
    long pauseNanos = OPEN_RETRY_FIRST_PAUSE_NANOS;
    while (true) {
      try {
        return openOnce(file, source);
      } catch (SQLException e) {
        if (!StoreErrors.isBusy(e) || System.nanoTime() - deadline > 0) {
          throw StoreErrors.of(file, "open", e);
        }
        LockSupport.parkNanos(pauseNanos);
        pauseNanos = Math.min(2 * pauseNanos, OPEN_RETRY_MAX_PAUSE_NANOS);
      }
    }
  }

  /**
   * One attempt at opening. SQLite answers some of the steps of opening a fresh file (switching it
   * to WAL while another process does the same) with SQLITE_BUSY at once instead of waiting out the
   * busy timeout, because waiting could deadlock; {@link #open} then tries again until the timeout.
   */
  private static SqliteJobStore openOnce(Path file, SQLiteDataSource source) throws SQLException {
    Connection connection = null;
    try {
      connection = source.getConnection();
      Migrations.apply(file, connection, source);
      OwnerOnlyFile.restrictCompanions(file);
      return new SqliteJobStore(file, connection);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw e;
    } catch (IOException e) {
      closeQuietly(connection);
      throw StoreErrors.of(file, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /** Connections to {@code file} with the settings every store connection needs. */
  static SQLiteDataSource dataSource(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource source = new SQLiteDataSource(config);
    source.setUrl("jdbc:sqlite:" + file);
    return source;
  }

  @Override
  public void insert(JobRecord job) {
    written(
        "add job " + job.id(),
        () -> {
          PreparedStatement insert = prepared(JobRows.INSERT);
          JobRows.bind(insert, job, requestTexts.of(job));
          try {
            insert.executeUpdate();
          } catch (SQLException e) {
            throw conflictOr(job, e);
          }
          return null;
        });
  }

  /**
   * Adds many jobs in one transaction: all or none. A transaction costs one forced write of the WAL
   * (about 2 ms on a virtual disk here), so adding 10,000 jobs one {@link #insert} at a time takes
   * some 20 s, and in one batch well under one.
   *
   * @throws IllegalStateException if any id or key is taken (nothing is added then)
   */
  public void insertAll(Collection<JobRecord> jobs) {
    locked(
        "add " + jobs.size() + " jobs",
        () -> {
          PreparedStatement insert = prepared(JobRows.INSERT);
          connection.setAutoCommit(false);
          try {
            for (JobRecord job : jobs) {
              JobRows.bind(insert, job);
              try {
                insert.executeUpdate();
              } catch (SQLException e) {
                throw conflictOr(job, e);
              }
            }
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
          return null;
        });
  }

  @Override
  public void update(JobRecord job) {
    int updated =
        written(
            "update job " + job.id(),
            () -> {
              PreparedStatement update = prepared(JobRows.UPDATE);
              JobRows.bind(update, job, requestTexts.of(job));
              try {
                return update.executeUpdate();
              } catch (SQLException e) {
                throw conflictOr(job, e);
              }
            });
    if (updated == 0) {
      throw new NoSuchElementException("no job with id " + job.id() + " in the job store");
    }
  }

  @Override
  public void checkpoint(String id, RangeSet completed) {
    byte[] blob = RangeBlob.encode(completed);
    written(
        "checkpoint job " + id,
        () -> {
          PreparedStatement checkpoint = prepared(CHECKPOINT);
          checkpoint.setBytes(1, blob);
          checkpoint.setString(2, id);
          return checkpoint.executeUpdate();
        });
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return findOne("find job " + id, SELECT + " WHERE id = ?", id);
  }

  @Override
  public Optional<JobRecord> findByKey(String key) {
    return findOne("find a job by key", SELECT + " WHERE key = ?", key);
  }

  private Optional<JobRecord> findOne(String action, String sql, String value) {
    return locked(
        action,
        () -> {
          PreparedStatement find = prepared(sql);
          find.setString(1, value);
          try (ResultSet rows = find.executeQuery()) {
            return rows.next() ? Optional.of(read(rows)) : Optional.empty();
          }
        });
  }

  @Override
  public List<JobRecord> list(Set<DownloadState> states, int offset, int limit) {
    if (offset < 0 || limit < 0) {
      throw new IllegalArgumentException("offset and limit must not be negative");
    }
    List<DownloadState> filter = filter(states);
    return locked(
        "list jobs",
        () -> {
          PreparedStatement list = prepared(SELECT + where(filter) + QUEUE_ORDER + " LIMIT ? OFFSET ?");
          int index = bindStates(list, filter);
          list.setInt(index, limit);
          list.setInt(index + 1, offset);
          List<JobRecord> page = new ArrayList<>(Math.min(limit, 1_000));
          try (ResultSet rows = list.executeQuery()) {
            while (rows.next()) {
              page.add(read(rows));
            }
          }
          return page;
        });
  }

  @Override
  public long count(Set<DownloadState> states) {
    List<DownloadState> filter = filter(states);
    return locked(
        "count jobs",
        () -> {
          PreparedStatement count = prepared("SELECT count(*) FROM jobs" + where(filter));
          bindStates(count, filter);
          try (ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
          }
        });
  }

  @Override
  public void delete(String id) {
    written(
        "delete job " + id,
        () -> {
          PreparedStatement delete = prepared("DELETE FROM jobs WHERE id = ?");
          requestTexts.forget(id);
          delete.setString(1, id);
          return delete.executeUpdate();
        });
  }

  /** Closes the connection; SQLite then folds the WAL back into the database file. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      closeQuietly(connection);
      throw StoreErrors.of(file, "close", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SqliteJobStore[" + file + "]";
  }

  /** The states to filter on, in a stable order; empty when every state matches. */
  private static List<DownloadState> filter(Set<DownloadState> states) {
    if (states.isEmpty() || states.containsAll(EnumSet.allOf(DownloadState.class))) {
      return List.of();
    }
    return List.copyOf(EnumSet.copyOf(states));
  }

  private static String where(List<DownloadState> filter) {
    if (filter.isEmpty()) {
      return "";
    }
    return " WHERE state IN (" + "?, ".repeat(filter.size() - 1) + "?)";
  }

  /** Binds the states from parameter 1 on; returns the next free parameter index. */
  private static int bindStates(PreparedStatement statement, List<DownloadState> filter)
      throws SQLException {
    int index = 1;
    for (DownloadState state : filter) {
      statement.setString(index++, state.code());
    }
    return index;
  }

  private JobRecord read(ResultSet row) throws SQLException {
    try {
      return JobRows.read(row);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw StoreErrors.unreadableRow(file, row.getString(1), e);
    }
  }

  private RuntimeException conflictOr(JobRecord job, SQLException e) {
    if (StoreErrors.violatesUnique(e, "id")) {
      return new IllegalStateException("a job with id " + job.id() + " already exists");
    }
    if (StoreErrors.violatesUnique(e, "key")) {
      return new IllegalStateException(
          "another job already downloads the same URL to the same target as job " + job.id());
    }
    return StoreErrors.of(file, "save job " + job.id(), e);
  }

  /** Must be called with the lock held. */
  private PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Runs one write in a group commit: it is queued, and whichever caller holds the lock next runs
   * every queued write in one transaction, so writes that pile up behind a commit share the next one
   * instead of paying for one each. Returns once the transaction holding this write committed, so
   * the {@link JobStore} promise (a call that returned survives kill -9) holds per call.
   */
  private <T> T written(String action, SqlWork<T> work) {
    Write<T> write = new Write<>(action, work);
    queued.add(write);
    lock.lock();
    try {
      if (closed) {
        queued.remove(write);
        throw new IllegalStateException("the job store " + file + " is closed");
      }
      if (!write.done) {
        commitQueued();
      }
    } finally {
      lock.unlock();
    }
    return write.result();
  }

  /**
   * Runs every queued write; must be called with the lock held. One write runs on its own (autocommit,
   * as before); several run in one transaction. If any of them fails, that transaction is rolled
   * back and each write runs again on its own, so one write's failure (a taken key, say) never takes
   * another's effect with it, and each caller sees only its own error.
   */
  private void commitQueued() {
    List<Write<?>> batch = new ArrayList<>();
    for (Write<?> next; (next = queued.poll()) != null; ) {
      batch.add(next);
    }
    if (batch.size() > 1 && commitTogether(batch)) {
      return;
    }
    for (Write<?> write : batch) {
      write.runAlone(file);
    }
  }

  /** Runs {@code batch} in one transaction; returns false (nothing applied) if any write fails. */
  private boolean commitTogether(List<Write<?>> batch) {
    try {
      connection.setAutoCommit(false);
      try {
        for (Write<?> write : batch) {
          write.stage();
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        return false;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      return false;
    }
    batch.forEach(Write::committed);
    groupCommits++;
    return true;
  }

  /** How many writes wait to be run (for tests). */
  int queuedWrites() {
    return queued.size();
  }

  /** How many transactions held more than one write (for tests). */
  long groupCommits() {
    lock.lock();
    try {
      return groupCommits;
    } finally {
      lock.unlock();
    }
  }

  private <T> T locked(String action, SqlWork<T> work) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the job store " + file + " is closed");
      }
      return work.run();
    } catch (SQLException e) {
      throw StoreErrors.of(file, action, e);
    } finally {
      lock.unlock();
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // Already failing with a better message; the connection is being discarded.
      }
    }
  }

  /** One queued write and, once it ran, its result or failure. Fields are guarded by the store's lock. */
  private static final class Write<T> {
    private final String action;
    private final SqlWork<T> work;
    private boolean done;
    private T staged;
    private T result;
    private RuntimeException failure;

    Write(String action, SqlWork<T> work) {
      this.action = action;
      this.work = work;
    }

    /** Runs inside the group's transaction; its result counts once the transaction commits. */
    void stage() throws SQLException {
      staged = work.run();
    }

    void committed() {
      result = staged;
      done = true;
    }

    /** Runs in a transaction of its own; keeps its failure for its caller. */
    void runAlone(Path file) {
      try {
        result = work.run();
      } catch (SQLException e) {
        failure = StoreErrors.of(file, action, e);
      } catch (RuntimeException e) {
        failure = e;
      }
      done = true;
    }

    /** The caller's view, after the lock was released: the result, or the failure thrown. */
    T result() {
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /** A unit of work on the connection. */
  @FunctionalInterface
  private interface SqlWork<T> {
    T run() throws SQLException;
  }
}
