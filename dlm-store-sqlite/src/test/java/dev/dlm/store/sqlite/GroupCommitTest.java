package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that queue up behind a commit share the next transaction, and every write is committed
 * (visible to another connection, so it survives kill -9) by the time its call returns. Writers run
 * on platform threads here: they stand in for downloads that wait in SQLite's busy handler while
 * another process holds the write lock (see {@code DatabaseFileTest}).
 */
class GroupCommitTest {

  private static final int WRITERS = 12;

  @TempDir Path home;

  @Test
  void writesQueuedBehindABusyDatabaseShareOneCommitAndAreCommittedWhenTheyReturn() throws Exception {
    Path file = home.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      for (int j = 0; j < WRITERS; j++) {
        store.insert(Jobs.queued("j" + j, Priority.NORMAL));
      }
      writeBehindAHeldLock(store, file, j -> {
        store.checkpoint("j" + j, RangeSet.of(0, 1_000L * (j + 1)));
        JobRecord job = store.find("j" + j).orElseThrow();
        store.update(job.withState(DownloadState.ACTIVE));
      });

      assertThat(store.groupCommits()).as("writes that waited shared a transaction").isPositive();
      try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + file);
          Statement sql = reader.createStatement()) {
        for (int j = 0; j < WRITERS; j++) {
          JobRecord job = store.find("j" + j).orElseThrow();
          assertThat(job.completed()).isEqualTo(RangeSet.of(0, 1_000L * (j + 1)));
          assertThat(job.state()).isEqualTo(DownloadState.ACTIVE);
          try (var row = sql.executeQuery("SELECT state FROM jobs WHERE id = 'j" + j + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("committed, seen by another connection").isEqualTo("active");
          }
        }
      }
    }
  }

  @Test
  void aWriteThatFailsInAGroupFailsAloneAndTheOthersStillApply() throws Exception {
    Path file = home.resolve("jobs.db");
    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      store.insert(Jobs.queued("taken", Priority.NORMAL));
      Map<Integer, Throwable> failures = new java.util.concurrent.ConcurrentHashMap<>();
      writeBehindAHeldLock(store, file, j -> {
        try {
          store.insert(j == 5 ? Jobs.withId(Jobs.queued("taken", Priority.NORMAL), "dup") : Jobs.queued("n" + j, Priority.NORMAL));
        } catch (IllegalStateException e) {
          failures.put(j, e);
        }
      });

      assertThat(failures).containsOnlyKeys(5);
      assertThat(failures.get(5)).hasMessageContaining("same URL");
      for (int j = 0; j < WRITERS; j++) {
        assertThat(store.find("n" + j).isPresent()).as("job n" + j).isEqualTo(j != 5);
      }
      assertThat(store.find("dup")).isEmpty();
    }
  }

  /**
   * A child JVM checkpoints from many threads and reports each call once it returned; it is killed
   * with SIGKILL mid-way. Every reported checkpoint must be in the store afterwards.
   */
  @Test
  void everyCheckpointThatReturnedSurvivesKillMinus9() throws Exception {
    Path file = home.resolve("jobs.db");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), GroupCommitChild.class.getName(), file.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    Map<String, Long> reported = new HashMap<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (reported.size() < GroupCommitChild.JOBS || reported.values().stream().mapToLong(Long::longValue).sum() < 4_000) {
        line = lines.readLine();
        assertThat(line).as("the child reports checkpoints").isNotNull();
        String[] parts = line.split(" ");
        reported.merge(parts[0], Long.parseLong(parts[1]), Math::max);
      }
      child.toHandle().destroyForcibly(); // SIGKILL, leaving its output readable to the end
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      while ((line = lines.readLine()) != null) {
        String[] parts = line.split(" ");
        reported.merge(parts[0], Long.parseLong(parts[1]), Math::max);
      }
    } finally {
      child.destroyForcibly();
    }

    try (SqliteJobStore store = SqliteJobStore.open(file)) {
      reported.forEach((id, count) -> assertThat(store.find(id).orElseThrow().completed().coveredBytes())
          .as(id).isGreaterThanOrEqualTo(count));
    }
  }

  /**
   * Runs {@code writer} for writers 0 to {@link #WRITERS} - 1 at once while another connection holds
   * the write lock, until at least two of them queue up; then lets them through and waits for all.
   */
  private static void writeBehindAHeldLock(SqliteJobStore store, Path file, Writer writer) throws Exception {
    try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS)) {
      other.setAutoCommit(false);
      try (Statement sql = other.createStatement()) {
        sql.executeUpdate("UPDATE jobs SET priority = priority WHERE id = 'none'");
      }
      List<Future<?>> writers = new ArrayList<>();
      for (int j = 0; j < WRITERS; j++) {
        int index = j;
        writers.add(threads.submit(() -> {
          writer.write(index);
          return null;
        }));
      }
      try {
        await().atMost(Duration.ofSeconds(5)).until(() -> store.queuedWrites() >= 2);
      } finally {
        other.commit();
      }
      for (Future<?> running : writers) {
        running.get(20, TimeUnit.SECONDS);
      }
    }
  }

  @FunctionalInterface
  private interface Writer {
    void write(int index) throws Exception;
  }
}
