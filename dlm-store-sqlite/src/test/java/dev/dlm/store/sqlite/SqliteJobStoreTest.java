package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobRecord.JobError;
import dev.dlm.core.store.Priority;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Validator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteJobStoreTest {

  @TempDir Path home;

  private Path file;
  private SqliteJobStore store;

  @BeforeEach
  void open() {
    file = home.resolve("jobs.db");
    store = SqliteJobStore.open(file);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void findsEveryFieldAsInsertedByIdAndByKey() {
    JobRecord job = Jobs.everyFieldSet("j1");

    store.insert(job);

    assertThat(store.find("j1")).contains(job);
    assertThat(store.findByKey(job.key())).contains(job);
    JobRecord found = store.find("j1").orElseThrow();
    assertThat(found.request().headers()).isEqualTo(job.request().headers());
    assertThat(found.request().checksum()).isEqualTo(job.request().checksum());
    assertThat(found.completed()).isEqualTo(job.completed());
    assertThat(found.createdAt()).isEqualTo(Instant.parse("2026-11-21T06:00:00.123456789Z"));
  }

  @Test
  void keepsEmptyOptionalsEmpty() {
    JobRecord job = Jobs.queued("j1", Priority.NORMAL);

    store.insert(job);

    JobRecord found = store.find("j1").orElseThrow();
    assertThat(found).isEqualTo(job);
    assertThat(found.target()).isEmpty();
    assertThat(found.finishedAt()).isEmpty();
    assertThat(found.error()).isEmpty();
    assertThat(found.validator()).isEqualTo(Validator.none(-1));
    assertThat(found.request().fileName()).isEmpty();
    assertThat(found.request().checksum()).isEmpty();
    assertThat(found.completed().isEmpty()).isTrue();
  }

  @Test
  void findsNothingForUnknownIdOrKey() {
    assertThat(store.find("nope")).isEmpty();
    assertThat(store.findByKey("nope")).isEmpty();
  }

  @Test
  void updateReplacesEveryField() {
    JobRecord queued = Jobs.queued("j1", Priority.NORMAL);
    store.insert(queued);
    JobRecord changed = Jobs.withId(Jobs.everyFieldSet("other"), "j1");

    store.update(changed);

    assertThat(store.find("j1")).contains(changed);
    assertThat(store.findByKey(queued.key())).isEmpty();
    assertThat(store.findByKey(changed.key())).contains(changed);

    JobRecord replanned =
        changed.withPlan(Path.of("/srv/downloads/x.iso"), 10, Validator.none(10));
    store.update(replanned);
    assertThat(store.find("j1")).contains(replanned);
  }

  @Test
  void updateOfUnknownJobFails() {
    assertThatThrownBy(() -> store.update(Jobs.queued("ghost", Priority.NORMAL)))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("ghost");
  }

  @Test
  void deleteRemovesTheJobAndIgnoresUnknownIds() {
    store.insert(Jobs.queued("j1", Priority.NORMAL));
    store.insert(Jobs.queued("j2", Priority.NORMAL));

    store.delete("j1");
    store.delete("never-was");

    assertThat(store.find("j1")).isEmpty();
    assertThat(store.find("j2")).isPresent();
    assertThat(store.count(Set.of())).isEqualTo(1);
  }

  @Test
  void rejectsASecondJobWithTheSameKey() {
    JobRecord first = Jobs.queued("j1", Priority.NORMAL);
    store.insert(first);

    assertThatThrownBy(() -> store.insert(Jobs.withId(first, "j2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("same URL");
    assertThat(store.find("j2")).isEmpty();
    assertThat(store.count(Set.of())).isEqualTo(1);
  }

  @Test
  void rejectsASecondJobWithTheSameId() {
    store.insert(Jobs.queued("j1", Priority.NORMAL));

    assertThatThrownBy(() -> store.insert(Jobs.withId(Jobs.queued("j2", Priority.HIGH), "j1")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("id j1");
    assertThat(store.find("j1").orElseThrow().priority()).isEqualTo(Priority.NORMAL);
  }

  @Test
  void checkpointSurvivesCloseAndReopen() {
    JobRecord job =
        Jobs.queued("j1", Priority.NORMAL)
            .withPlan(Path.of("/srv/downloads/j1.iso"), 100_000, Validator.none(100_000));
    store.insert(job);
    RangeSet durable = RangeSet.of(0, 4_096).add(50_000, 60_000);

    store.checkpoint("j1", durable);
    store.close();
    store = SqliteJobStore.open(file);

    assertThat(store.find("j1").orElseThrow().completed()).isEqualTo(durable);
    assertThat(store.find("j1").orElseThrow().withCompleted(job.completed())).isEqualTo(job);
  }

  @Test
  void checkpointOfARemovedJobChangesNothing() {
    store.checkpoint("removed", RangeSet.of(0, 10));

    assertThat(store.find("removed")).isEmpty();
  }

  @Test
  void concurrentCheckpointsFromManyVirtualThreadsAreAllApplied() throws Exception {
    int jobs = 32;
    int checkpointsEach = 25;
    for (int j = 0; j < jobs; j++) {
      store.insert(Jobs.queued("j" + j, Priority.NORMAL));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> writers = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int j = 0; j < jobs; j++) {
        String id = "j" + j;
        writers.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int c = 1; c <= checkpointsEach; c++) {
                    store.checkpoint(id, RangeSet.of(0, c * 1_024L));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get();
      }
    }

    for (int j = 0; j < jobs; j++) {
      assertThat(store.find("j" + j).orElseThrow().completed())
          .isEqualTo(RangeSet.of(0, checkpointsEach * 1_024L));
    }
  }

  @Test
  void readsAFailedJobsErrorKindAndMessage() {
    JobRecord failed =
        Jobs.queued("j1", Priority.NORMAL)
            .finished(
                DownloadState.FAILED,
                Instant.parse("2026-11-21T07:00:00Z"),
                Optional.of(new JobError(ErrorKind.NOT_FOUND, "HTTP 404 from files.example")));

    store.insert(failed);

    assertThat(store.find("j1").orElseThrow().error())
        .contains(new JobError(ErrorKind.NOT_FOUND, "HTTP 404 from files.example"));
  }

  @Test
  void namesTheJobWhoseStoredRequestCannotBeRead() throws Exception {
    store.insert(Jobs.queued("j1", Priority.NORMAL));
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = raw.createStatement()) {
      sql.executeUpdate("UPDATE jobs SET request = '{\"urls\": 3' WHERE id = 'j1'");
    }

    assertThatThrownBy(() -> store.find("j1"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("job j1")
        .hasMessageContaining(file.toString())
        .hasMessageNotContaining("\n");
  }

  @Test
  void refusesCallsOnceClosed() {
    store.close();

    assertThatThrownBy(() -> store.find("j1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    store.close();
  }
}
