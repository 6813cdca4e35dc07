package dev.dlm.store.sqlite;

import static dev.dlm.core.DownloadState.ACTIVE;
import static dev.dlm.core.DownloadState.COMPLETE;
import static dev.dlm.core.DownloadState.FAILED;
import static dev.dlm.core.DownloadState.PAUSED;
import static dev.dlm.core.DownloadState.QUEUED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueOrderTest {

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
  void listsHigherPrioritiesFirstThenOldestFirst() {
    add("n1", Priority.NORMAL);
    add("l1", Priority.LOW);
    add("h1", Priority.HIGH);
    add("n2", Priority.NORMAL);
    add("h2", Priority.HIGH);
    add("l2", Priority.LOW);

    assertThat(ids(store.list(Set.of(), 0, 100)))
        .containsExactly("h1", "h2", "n1", "n2", "l1", "l2");
  }

  @Test
  void aReprioritisedJobKeepsItsArrivalOrderWithinItsNewPriority() {
    add("n1", Priority.NORMAL);
    add("h1", Priority.HIGH);
    add("n2", Priority.NORMAL);

    store.update(store.find("n2").orElseThrow().withPriority(Priority.HIGH));
    store.update(store.find("n1").orElseThrow().withState(PAUSED).withState(QUEUED));

    assertThat(ids(store.list(Set.of(QUEUED), 0, 100))).containsExactly("h1", "n2", "n1");
  }

  @Test
  void aJobAddedAfterTheNewestWasDeletedStillQueuesLast() {
    add("a", Priority.NORMAL);
    add("b", Priority.NORMAL);
    store.delete("b");
    add("c", Priority.NORMAL);
    store.delete("a");
    add("d", Priority.NORMAL);

    assertThat(ids(store.list(Set.of(), 0, 100))).containsExactly("c", "d");
  }

  @Test
  void listsOnlyTheAskedStatesOnePageAtATime() {
    for (int i = 0; i < 10; i++) {
      add("q" + i, i % 2 == 0 ? Priority.LOW : Priority.HIGH);
      store.insert(Jobs.queued("a" + i, Priority.HIGH).withState(ACTIVE));
    }

    List<JobRecord> first = store.list(Set.of(QUEUED), 0, 4);
    List<JobRecord> second = store.list(Set.of(QUEUED), 4, 4);
    List<JobRecord> last = store.list(Set.of(QUEUED), 8, 4);

    assertThat(ids(first)).containsExactly("q1", "q3", "q5", "q7");
    assertThat(ids(second)).containsExactly("q9", "q0", "q2", "q4");
    assertThat(ids(last)).containsExactly("q6", "q8");
    assertThat(store.list(Set.of(QUEUED), 12, 4)).isEmpty();
    assertThat(store.list(Set.of(QUEUED), 0, 0)).isEmpty();
    assertThat(ids(store.list(Set.of(QUEUED, ACTIVE), 0, 3))).containsExactly("a0", "q1", "a1");
  }

  @Test
  void rejectsANegativeOffsetOrLimit() {
    assertThatThrownBy(() -> store.list(Set.of(), -1, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list(Set.of(), 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void countsJobsInTheAskedStates() {
    add("q1", Priority.NORMAL);
    add("q2", Priority.LOW);
    store.insert(Jobs.queued("a1", Priority.NORMAL).withState(ACTIVE));
    store.insert(Jobs.queued("p1", Priority.NORMAL).withState(PAUSED));
    store.insert(Jobs.queued("c1", Priority.NORMAL).withState(COMPLETE));

    assertThat(store.count(Set.of(QUEUED))).isEqualTo(2);
    assertThat(store.count(Set.of(QUEUED, ACTIVE, PAUSED))).isEqualTo(4);
    assertThat(store.count(Set.of(FAILED))).isZero();
    assertThat(store.count(Set.of())).isEqualTo(5);
    assertThat(store.count(EnumSet.allOf(DownloadState.class))).isEqualTo(5);
  }

  @Test
  void tenThousandJobsPageInAStableQueueOrderAcrossAReopen() {
    Random random = new Random(20261121);
    List<JobRecord> jobs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Priority priority = Priority.values()[random.nextInt(3)];
      DownloadState state = random.nextInt(10) == 0 ? COMPLETE : QUEUED;
      jobs.add(Jobs.queued(String.format("job%05d", i), priority).withState(state));
    }
    List<String> expected =
        jobs.stream()
            .filter(job -> job.state() == QUEUED)
            .sorted((a, b) -> a.priority().compareTo(b.priority()))
            .map(JobRecord::id)
            .toList();

    store.insertAll(jobs);
    List<String> paged = pageThrough(Set.of(QUEUED), 250);
    store.close();
    store = SqliteJobStore.open(file);

    assertThat(paged).isEqualTo(expected);
    assertThat(pageThrough(Set.of(QUEUED), 999)).isEqualTo(expected);
    assertThat(store.count(Set.of(QUEUED))).isEqualTo(expected.size());
    assertThat(store.count(Set.of())).isEqualTo(10_000);
    assertThat(store.find("job09999")).contains(jobs.getLast());
  }

  @Test
  void addsABatchAllOrNothing() {
    add("taken", Priority.NORMAL);
    JobRecord clash = Jobs.withId(Jobs.queued("other", Priority.NORMAL), "taken");

    assertThatThrownBy(
            () -> store.insertAll(List.of(Jobs.queued("new1", Priority.NORMAL), clash)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("id taken");

    assertThat(store.find("new1")).isEmpty();
    add("new2", Priority.NORMAL);
    assertThat(ids(store.list(Set.of(), 0, 10))).containsExactly("taken", "new2");
  }

  @Test
  void listsOneStateFromTheIndexWithoutSorting() throws Exception {
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = raw.createStatement();
        ResultSet plan =
            sql.executeQuery(
                "EXPLAIN QUERY PLAN SELECT "
                    + JobRows.COLUMNS
                    + " FROM jobs WHERE state IN ('queued') ORDER BY priority, seq LIMIT 50")) {
      StringBuilder steps = new StringBuilder();
      while (plan.next()) {
        steps.append(plan.getString("detail")).append('\n');
      }
      assertThat(steps.toString())
          .contains("jobs_by_state_in_queue_order")
          .doesNotContain("TEMP B-TREE");
    }
  }

  private List<String> pageThrough(Set<DownloadState> states, int pageSize) {
    List<String> all = new ArrayList<>();
    for (int offset = 0; ; offset += pageSize) {
      List<JobRecord> page = store.list(states, offset, pageSize);
      page.forEach(job -> all.add(job.id()));
      if (page.size() < pageSize) {
        return all;
      }
    }
  }

  private void add(String id, Priority priority) {
    store.insert(Jobs.queued(id, priority));
  }

  private static List<String> ids(List<JobRecord> jobs) {
    return jobs.stream().map(JobRecord::id).toList();
  }
}
