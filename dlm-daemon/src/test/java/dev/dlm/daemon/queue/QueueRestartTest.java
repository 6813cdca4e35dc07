package dev.dlm.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import dev.dlm.daemon.fakes.ScriptedEngine;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.spi.Validator;
import dev.dlm.store.sqlite.SqliteJobStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue over the real SQLite store: what a daemon restart must keep. */
class QueueRestartTest {

  private static final int JOBS = 10_000;

  @TempDir Path dir;

  private final Settings settings = Settings.defaults().with(Map.of("maxConcurrent", "2"));

  private static JobRecord queued(int i, Path dir) {
    Priority priority = i % 100 == 7 ? Priority.HIGH : i % 3 == 0 ? Priority.LOW : Priority.NORMAL;
    DownloadRequest request =
        new DownloadRequest(
            List.of(URI.create("http://127.0.0.1:9/f" + i)),
            dir,
            Optional.of("f" + i),
            0,
            0,
            Optional.empty(),
            List.of(),
            false,
            false);
    return new JobRecord(
        String.format("%016x", i),
        request.jobKey(),
        request,
        DownloadState.QUEUED,
        priority,
        Optional.empty(),
        -1,
        Validator.none(-1),
        RangeSet.empty(),
        Instant.EPOCH.plusSeconds(i),
        Optional.empty(),
        Optional.empty());
  }

  @Test
  void tenThousandQueuedJobsAndTheActiveOnesSurviveARestartInQueueOrder() {
    Path db = dir.resolve("dlm.db");
    List<String> orderBefore;
    List<String> activeBefore;
    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      List<JobRecord> jobs = new ArrayList<>();
      for (int i = 0; i < JOBS; i++) {
        jobs.add(queued(i, dir));
      }
      store.insertAll(jobs);
      ScriptedEngine engine = new ScriptedEngine(store);
      try (DownloadQueue queue = new DownloadQueue(store, engine, settings, Clock.systemUTC())) {
        queue.start();
        await().until(() -> engine.runningIds().size() == 2);
        // The two oldest high-priority jobs run first, and only they are in memory.
        assertThat(engine.runningIds())
            .containsExactly(String.format("%016x", 7), String.format("%016x", 107));
        assertThat(queue.activeIds()).hasSize(2);
        activeBefore = engine.runningIds();
        orderBefore = ids(queue.list(Set.of(DownloadState.QUEUED), 0, 500));
      }
    }

    try (SqliteJobStore store = SqliteJobStore.open(db)) {
      assertThat(store.count(Set.of(DownloadState.QUEUED))).isEqualTo(JOBS - 2);
      assertThat(store.count(Set.of(DownloadState.ACTIVE))).isEqualTo(2);
      ScriptedEngine engine = new ScriptedEngine(store);
      try (DownloadQueue queue = new DownloadQueue(store, engine, settings, Clock.systemUTC())) {
        queue.start();
        await().until(() -> engine.runningIds().size() == 2);
        assertThat(engine.runningIds()).containsExactlyInAnyOrderElementsOf(activeBefore);
        assertThat(ids(queue.list(Set.of(DownloadState.QUEUED), 0, 500))).isEqualTo(orderBefore);
      }
    }
  }

  private static List<String> ids(List<JobRecord> jobs) {
    return jobs.stream().map(JobRecord::id).toList();
  }
}
