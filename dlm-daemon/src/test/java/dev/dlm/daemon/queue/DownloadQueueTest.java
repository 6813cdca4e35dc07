package dev.dlm.daemon.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import dev.dlm.daemon.fakes.MemoryJobStore;
import dev.dlm.daemon.fakes.ScriptedEngine;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.spi.ErrorKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadQueueTest {

  @TempDir Path dir;

  private final MemoryJobStore store = new MemoryJobStore();
  private final ScriptedEngine engine = new ScriptedEngine(store);
  private final Settings settings =
      Settings.defaults()
          .with(Map.of("maxConcurrent", "2", "retryAttempts", "2", "retryDelay", "10ms"));
  private final List<String> transitions = new CopyOnWriteArrayList<>();
  private DownloadQueue queue = newQueue();

  private DownloadQueue newQueue() {
    DownloadQueue q = new DownloadQueue(store, engine, settings, Clock.systemUTC());
    q.addListener(
        (job, from) -> transitions.add(job.id() + ":" + from.code() + ">" + job.state().code()));
    q.start();
    return q;
  }

  @AfterEach
  void close() {
    queue.close();
  }

  private JobRecord add(String name, Priority priority) {
    return queue.add(
        new DownloadRequest(
            List.of(URI.create("http://127.0.0.1:1/" + name)),
            dir,
            Optional.of(name),
            0,
            0,
            Optional.empty(),
            List.of(),
            false,
            false),
        priority);
  }

  private DownloadState state(String id) {
    return store.find(id).orElseThrow().state();
  }

  @Test
  void runsAtMostMaxConcurrentAndStartsTheNextWhenOneCompletes() {
    JobRecord a = add("a", Priority.NORMAL);
    JobRecord b = add("b", Priority.NORMAL);
    JobRecord c = add("c", Priority.NORMAL);

    await().until(() -> engine.runningIds().size() == 2);
    assertThat(engine.runningIds()).containsExactly(a.id(), b.id());
    assertThat(state(c.id())).isEqualTo(DownloadState.QUEUED);

    engine.runOf(a.id()).complete();

    await().until(() -> engine.runningIds().contains(c.id()));
    assertThat(state(a.id())).isEqualTo(DownloadState.COMPLETE);
    assertThat(store.find(a.id()).orElseThrow().finishedAt()).isPresent();
    assertThat(Files.exists(dir.resolve("a"))).isTrue();
  }

  @Test
  void highPriorityRunsFirstAndFifoHoldsWithinAPriority() {
    settings.patch(Map.of("maxConcurrent", "1"));
    JobRecord first = add("first", Priority.NORMAL);
    await().until(() -> engine.runningIds().equals(List.of(first.id())));
    JobRecord low = add("low", Priority.LOW);
    JobRecord normal1 = add("n1", Priority.NORMAL);
    JobRecord normal2 = add("n2", Priority.NORMAL);
    JobRecord high = add("high", Priority.HIGH);

    List<String> order = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String id = engine.runningIds().getFirst();
      order.add(id);
      engine.runOf(id).complete();
      if (i < 4) {
        await().until(() -> engine.runningIds().size() == 1);
      }
    }

    assertThat(order).containsExactly(first.id(), high.id(), normal1.id(), normal2.id(), low.id());
  }

  @Test
  void priorityChangedWhileQueuedReordersTheQueue() {
    settings.patch(Map.of("maxConcurrent", "1"));
    JobRecord first = add("first", Priority.NORMAL);
    await().until(() -> engine.runningIds().equals(List.of(first.id())));
    JobRecord b = add("b", Priority.NORMAL);
    JobRecord c = add("c", Priority.NORMAL);

    queue.update(c.id(), Optional.of(Priority.HIGH), OptionalLong.empty());
    engine.runOf(first.id()).complete();

    await().until(() -> engine.runningIds().equals(List.of(c.id())));
    assertThat(state(b.id())).isEqualTo(DownloadState.QUEUED);
  }

  @Test
  void raisingMaxConcurrentAtRunTimeStartsWaitingJobs() {
    add("a", Priority.NORMAL);
    add("b", Priority.NORMAL);
    add("c", Priority.NORMAL);
    await().until(() -> engine.runningIds().size() == 2);

    settings.patch(Map.of("maxConcurrent", "3"));

    await().until(() -> engine.runningIds().size() == 3);
  }

  @Test
  void pauseStopsTheRunAndResumeRunsTheSameRequestAgain() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    ScriptedEngine.Run first = engine.runOf(a.id());

    JobRecord paused = queue.pause(a.id());

    assertThat(paused.state()).isEqualTo(DownloadState.PAUSED);
    assertThat(first.stopped()).isTrue();
    await().until(() -> !queue.activeIds().contains(a.id()));
    assertThat(state(a.id())).isEqualTo(DownloadState.PAUSED);

    queue.resume(a.id());

    await().until(() -> engine.runningIds().contains(a.id()));
    assertThat(engine.runOf(a.id()).request().jobKey()).isEqualTo(first.request().jobKey());
    assertThat(state(a.id())).isEqualTo(DownloadState.ACTIVE);
  }

  @Test
  void aDownloadThatCompletesAsItIsPausedIsComplete() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    ScriptedEngine.Run run = engine.runOf(a.id());
    run.holdStop();

    queue.pause(a.id());
    run.complete();

    await().until(() -> !queue.activeIds().contains(a.id()));
    assertThat(state(a.id())).isEqualTo(DownloadState.COMPLETE);
  }

  @Test
  void resumingBeforeThePausedRunEndsQueuesItOnceWithoutAnotherEvent() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    ScriptedEngine.Run run = engine.runOf(a.id());
    run.holdStop();

    queue.pause(a.id());
    queue.resume(a.id());
    run.releaseStop();

    await().until(() -> engine.runs().size() == 2 && engine.runningIds().contains(a.id()));
    assertThat(transitions.stream().filter(t -> t.startsWith(a.id() + ":paused>queued")))
        .hasSize(1);
  }

  @Test
  void aPausedJobGivesItsSlotToTheNext() {
    JobRecord a = add("a", Priority.NORMAL);
    add("b", Priority.NORMAL);
    JobRecord c = add("c", Priority.NORMAL);
    await().until(() -> engine.runningIds().size() == 2);

    queue.pause(a.id());

    await().until(() -> engine.runningIds().contains(c.id()));
  }

  @Test
  void illegalTransitionsAreRefusedWithConflict() {
    settings.patch(Map.of("maxConcurrent", "1"));
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    engine.runOf(a.id()).complete();
    await().until(() -> state(a.id()) == DownloadState.COMPLETE);

    assertThatThrownBy(() -> queue.pause(a.id()))
        .isInstanceOfSatisfying(
            QueueException.class,
            e -> assertThat(e.reason()).isEqualTo(QueueException.Reason.CONFLICT));
    assertThatThrownBy(() -> queue.resume(a.id()))
        .isInstanceOfSatisfying(
            QueueException.class,
            e -> assertThat(e.reason()).isEqualTo(QueueException.Reason.CONFLICT));
    assertThatThrownBy(() -> queue.pause("nope"))
        .isInstanceOfSatisfying(
            QueueException.class,
            e -> assertThat(e.reason()).isEqualTo(QueueException.Reason.UNKNOWN_JOB));
    assertThatThrownBy(() -> add("a", Priority.NORMAL))
        .isInstanceOfSatisfying(
            QueueException.class,
            e -> assertThat(e.reason()).isEqualTo(QueueException.Reason.CONFLICT));
  }

  @Test
  void transientFailuresAreRetriedWithBackoffThenTheJobFailsWithTheReason() {
    JobRecord a = add("a", Priority.NORMAL);
    for (int run = 1; run <= 3; run++) {
      int expected = run;
      await().until(() -> engine.runs().size() == expected && engine.runningIds().contains(a.id()));
      engine.runOf(a.id()).fail(ErrorKind.SERVER_ERROR, "HTTP 503 from 127.0.0.1");
    }

    await().until(() -> state(a.id()) == DownloadState.FAILED);
    JobRecord failed = store.find(a.id()).orElseThrow();
    assertThat(failed.error())
        .contains(new JobRecord.JobError(ErrorKind.SERVER_ERROR, "HTTP 503 from 127.0.0.1"));
    assertThat(engine.runs()).hasSize(3);
    assertThat(queue.activeIds()).isEmpty();
  }

  @Test
  void aPermanentFailureFailsAtOnceAndResumeRetriesIt() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    engine.runOf(a.id()).fail(ErrorKind.NOT_FOUND, "HTTP 404");
    await().until(() -> state(a.id()) == DownloadState.FAILED);
    assertThat(engine.runs()).hasSize(1);

    JobRecord resumed = queue.resume(a.id());

    assertThat(resumed.error()).isEmpty();
    await().until(() -> engine.runningIds().contains(a.id()));
    engine.runOf(a.id()).complete();
    await().until(() -> state(a.id()) == DownloadState.COMPLETE);
  }

  @Test
  void removeWithDeleteFilesStopsTheRunAndDeletesThePartFile() throws Exception {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    assertThat(dir.resolve("a.part")).exists();

    queue.remove(a.id(), true).get();

    assertThat(store.find(a.id())).isEmpty();
    assertThat(dir.resolve("a.part")).doesNotExist();
    assertThat(transitions).contains(a.id() + ":active>removed");
  }

  @Test
  void removeWithoutDeleteFilesKeepsTheFiles() throws Exception {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));
    engine.runOf(a.id()).complete();
    await().until(() -> state(a.id()) == DownloadState.COMPLETE);

    queue.remove(a.id(), false).get();

    assertThat(store.find(a.id())).isEmpty();
    assertThat(dir.resolve("a")).exists();
  }

  @Test
  void limitRateChangesTheRunningDownload() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));

    queue.update(a.id(), Optional.empty(), OptionalLong.of(4096));

    assertThat(engine.runOf(a.id()).limit()).isEqualTo(4096);
    assertThat(store.find(a.id()).orElseThrow().request().limitBytesPerSecond()).isEqualTo(4096);
  }

  @Test
  void changesMadeDuringARunSurviveTheEnginesOwnSaves() {
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));

    queue.update(a.id(), Optional.of(Priority.LOW), OptionalLong.of(1000));
    queue.pause(a.id());

    await().until(() -> !queue.activeIds().contains(a.id()));
    JobRecord paused = store.find(a.id()).orElseThrow();
    assertThat(paused.state()).isEqualTo(DownloadState.PAUSED);
    assertThat(paused.priority()).isEqualTo(Priority.LOW);
    assertThat(paused.request().limitBytesPerSecond()).isEqualTo(1000);
  }

  @Test
  void aJobWaitingForItsRetryShowsActiveNotFailed() {
    settings.patch(Map.of("retryDelay", "1h"));
    JobRecord a = add("a", Priority.NORMAL);
    await().until(() -> engine.runningIds().contains(a.id()));

    engine.runOf(a.id()).fail(ErrorKind.TIMEOUT, "no data for 30 s");

    await()
        .until(
            () ->
                engine.running().isEmpty()
                    && state(a.id()) == DownloadState.ACTIVE
                    && store.find(a.id()).orElseThrow().error().isEmpty());
    assertThat(queue.activeIds()).contains(a.id());
    queue.pause(a.id());
    await().until(() -> !queue.activeIds().contains(a.id()));
    assertThat(state(a.id())).isEqualTo(DownloadState.PAUSED);
  }

  @Test
  void jobsActiveAtShutdownResumeFirstAtTheNextStartAndTheQueueOrderSurvives() {
    JobRecord a = add("a", Priority.NORMAL);
    JobRecord b = add("b", Priority.NORMAL);
    JobRecord c = add("c", Priority.LOW);
    JobRecord d = add("d", Priority.HIGH);
    await().until(() -> engine.runningIds().size() == 2);

    queue.close();

    assertThat(engine.running()).isEmpty();
    assertThat(state(a.id())).isEqualTo(DownloadState.ACTIVE);
    assertThat(state(b.id())).isEqualTo(DownloadState.ACTIVE);
    assertThat(state(d.id())).isEqualTo(DownloadState.QUEUED);

    settings.patch(Map.of("maxConcurrent", "3"));
    queue = newQueue();

    await().until(() -> engine.runningIds().size() == 3);
    assertThat(engine.runningIds()).containsExactlyInAnyOrder(a.id(), b.id(), d.id());
    assertThat(state(c.id())).isEqualTo(DownloadState.QUEUED);
  }

  @Test
  void aClosedQueueTakesNoWork() {
    queue.close();

    assertThatThrownBy(() -> add("late", Priority.NORMAL))
        .isInstanceOfSatisfying(
            QueueException.class,
            e -> assertThat(e.reason()).isEqualTo(QueueException.Reason.CLOSED));
    assertThat(store.count(Set.of())).isZero();
  }
}
