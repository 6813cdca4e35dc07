package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.Priority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file itself: where it goes, who may read it, and what happens when it is bad. */
class DatabaseFileTest {

  @TempDir Path home;

  @Test
  void createsMissingParentDirectoriesAndAWalDatabase() throws Exception {
    Path file = home.resolve("a/b/jobs.db");

    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      store.insert(Jobs.queued("j1", Priority.NORMAL));
    }

    assertThat(file).isRegularFile();
    assertThat(pragma(file, "journal_mode")).isEqualTo("wal");
  }

  @Test
  void connectsWithWalNormalSyncABusyTimeoutAndForeignKeys() throws Exception {
    Path file = home.resolve("jobs.db");
    SqliteJobStore.open(file).close();

    try (Connection connection = SqliteJobStore.dataSource(file).getConnection();
        Statement sql = connection.createStatement()) {
      assertThat(value(sql, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(value(sql, "PRAGMA synchronous")).isEqualTo("1");
      assertThat(value(sql, "PRAGMA busy_timeout")).isEqualTo("10000");
      assertThat(value(sql, "PRAGMA foreign_keys")).isEqualTo("1");
    }
  }

  @Test
  void keepsTheDatabaseAndItsWalReadableByItsOwnerOnly() throws Exception {
    assumePosix();
    Path file = home.resolve("jobs.db");

    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      store.insert(Jobs.everyFieldSet("j1"));
      store.checkpoint("j1", RangeSet.of(0, 1));

      assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly());
      assertThat(Files.getPosixFilePermissions(sibling(file, "-wal"))).isEqualTo(ownerOnly());
      assertThat(Files.getPosixFilePermissions(sibling(file, "-shm"))).isEqualTo(ownerOnly());
    }
  }

  @Test
  void tightensADatabaseLeftWorldReadable() throws Exception {
    assumePosix();
    Path file = home.resolve("jobs.db");
    SqliteJobStore.open(file).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    SqliteJobStore.open(file).close();

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ownerOnly());
  }

  @Test
  void appliesTheMigrationOnceAndKeepsTheJobsOfAnExistingDatabase() throws Exception {
    Path file = home.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      store.insert(Jobs.everyFieldSet("j1"));
    }

    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      assertThat(store.find("j1")).contains(Jobs.everyFieldSet("j1"));
    }
    SqliteJobStore.open(file).close();

    assertThat(
            query(
                file,
                "SELECT count(*) || ' ' || max(version) || ' ' || min(success)"
                    + " FROM flyway_schema_history WHERE version IS NOT NULL"))
        .isEqualTo("1 1 1");
  }

  @Test
  void theLatestVersionNamesTheNewestMigrationFile() throws Exception {
    Path folder = Path.of(Migrations.class.getResource("/db/migration/sqlite").toURI());
    int newest;
    try (var files = Files.list(folder)) {
      newest =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.matches("V\\d+__.+\\.sql"))
              .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
              .max()
              .orElseThrow();
    }

    assertThat(Migrations.LATEST_VERSION).isEqualTo(newest);
  }

  @Test
  void reportsACorruptFileInOneLineNamingItAndWhatToDo() throws Exception {
    Path file = home.resolve("jobs.db");
    byte[] garbage = new byte[64 * 1024];
    new Random(7).nextBytes(garbage);
    Files.write(file, garbage);

    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("move it aside")
        .hasMessageNotContaining("\n");
  }

  @Test
  void reportsADirectoryWhereTheDatabaseShouldBe() throws Exception {
    Path file = Files.createDirectories(home.resolve("jobs.db"));

    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is a directory");
  }

  @Test
  void reportsAParentThatIsAFile() throws Exception {
    Path notADirectory = Files.writeString(home.resolve("home"), "x");

    assertThatThrownBy(() -> SqliteJobStore.open(notADirectory.resolve("jobs.db")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(notADirectory.resolve("jobs.db").toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void aSecondProcessWaitsForAWriterInsteadOfFailing() throws Exception {
    Path file = home.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.open(file);
        Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = otherProcess.createStatement();
        ExecutorService thread = platformThreads()) {
      store.insert(Jobs.queued("j1", Priority.NORMAL));
      sql.execute("BEGIN IMMEDIATE");
      sql.executeUpdate("UPDATE jobs SET state = 'paused' WHERE id = 'j1'");
      CountDownLatch calling = new CountDownLatch(1);

      Future<?> checkpoint =
          thread.submit(
              () -> {
                calling.countDown();
                store.checkpoint("j1", RangeSet.of(0, 100));
              });
      calling.await();
      await()
          .during(Duration.ofMillis(300))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !checkpoint.isDone());
      sql.execute("COMMIT");

      checkpoint.get(5, TimeUnit.SECONDS);
      assertThat(store.find("j1").orElseThrow().completed()).isEqualTo(RangeSet.of(0, 100));
      assertThat(store.find("j1").orElseThrow().state().code()).isEqualTo("paused");
    }
  }

  @Test
  void processesOpeningAFreshHomeTogetherAllSucceed() throws Exception {
    Path file = home.resolve("jobs.db");
    int processes = 4;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<SqliteJobStore>> opened = new ArrayList<>();
    try (ExecutorService threads = platformThreads()) {
      for (int i = 0; i < processes; i++) {
        opened.add(
            threads.submit(
                () -> {
                  start.await();
                  return SqliteJobStore.open(file);
                }));
      }
      start.countDown();
      for (int i = 0; i < processes; i++) {
        try (SqliteJobStore store = opened.get(i).get()) {
          store.insert(Jobs.queued("j" + i, Priority.NORMAL));
        }
      }
    }

    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      assertThat(store.count(Set.of())).isEqualTo(processes);
    }
  }

  /**
   * Threads that stand in for separate processes. Not virtual threads: SQLite's busy handler waits
   * inside a native call, which holds its carrier, so a few stores of one JVM waiting on each other
   * could occupy every carrier while the one holding the lock never gets to commit.
   */
  private static ExecutorService platformThreads() {
    return Executors.newThreadPerTaskExecutor(Thread.ofPlatform().factory());
  }

  private static void assumePosix() throws Exception {
    Path temp = Path.of(System.getProperty("java.io.tmpdir"));
    assumeThat(Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class))
        .isTrue();
  }

  private static Set<java.nio.file.attribute.PosixFilePermission> ownerOnly() {
    return PosixFilePermissions.fromString("rw-------");
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static String pragma(Path file, String name) throws Exception {
    return query(file, "PRAGMA " + name);
  }

  private static String query(Path file, String sql) throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = raw.createStatement()) {
      return value(statement, sql);
    }
  }

  private static String value(Statement statement, String sql) throws Exception {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }
}
