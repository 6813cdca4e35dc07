package dev.dlm.daemon.queue;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import dev.dlm.core.store.Priority;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The daemon's queue of downloads.
 *
 * <p>Design: every decision (add, pause, resume, remove, a run ending, a retry timer firing, a
 * settings change) runs on one virtual thread, the queue loop, one after another. That makes each
 * state transition atomic without a lock, and lets the loop do the store's I/O without holding one.
 * Callers on other threads (REST handlers) submit a task and wait for its answer.
 *
 * <p>The store is the queue: waiting jobs are rows in state {@code queued}, read a page at a time
 * in queue order (priority, then oldest first), so tens of thousands of them cost no memory. Only
 * jobs holding a slot, at most {@code maxConcurrent}, are in {@link #active}. A job whose run
 * failed with a transient error keeps its slot while it waits for its next attempt (exponential
 * backoff from {@code retryDelay}), as aria2 keeps a retrying download active.
 *
 * <p>Pause stops the run ({@link Download#stop()}: every byte within a second, checkpoint kept);
 * resume starts the same request again and the engine continues from the checkpoint by job key. On
 * shutdown the jobs stay {@code active} in the store, so the next start resumes them first.
 */
public final class DownloadQueue implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DownloadQueue.class);
  private static final int PAGE = 64;

  private final JobStore store;
  private final Launcher launcher;
  private final Settings settings;
  private final Clock clock;
  private final Map<String, Running> active = new ConcurrentHashMap<>();
  private final List<QueueListener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService loop =
      Executors.newSingleThreadExecutor(Thread.ofVirtual().name("dlm-queue").factory());
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofVirtual().name("dlm-queue-timer").factory());
  private final SecureRandom random = new SecureRandom();
  private volatile boolean closed;

  public DownloadQueue(JobStore store, Launcher launcher, Settings settings, Clock clock) {
    this.store = store;
    this.launcher = launcher;
    this.settings = settings;
    this.clock = clock;
    settings.onChange(s -> post(this::fill));
  }

  public void addListener(QueueListener listener) {
    listeners.add(listener);
  }

  /**
   * Starts work: jobs left active by the last run (a shutdown or a crash) resume first, up to
   * {@code maxConcurrent}; any beyond go back to the head of the queue; then queued jobs fill the
   * free slots.
   */
  public void start() {
    call(
        () -> {
          int slots = settings.get(Settings.MAX_CONCURRENT);
          List<JobRecord> left = new ArrayList<>();
          for (int offset = 0; ; offset += PAGE) {
            List<JobRecord> page = store.list(Set.of(DownloadState.ACTIVE), offset, PAGE);
            left.addAll(page);
            if (page.size() < PAGE) {
              break;
            }
          }
          for (JobRecord job : left) {
            if (active.size() < slots) {
              log.info("resuming {} after restart", job.id());
              launch(job, new Running(job.id()));
            } else {
              store.update(job.withState(DownloadState.QUEUED));
            }
          }
          fill();
          return null;
        });
  }

  /**
   * Queues a new download.
   *
   * @throws QueueException {@code CONFLICT} when a job for the same URL and target exists
   */
  public JobRecord add(DownloadRequest request, Priority priority) {
    return call(
        () -> {
          Optional<JobRecord> same = store.findByKey(request.jobKey());
          if (same.isPresent()) {
            throw new QueueException(
                QueueException.Reason.CONFLICT,
                "this URL is already queued to the same place as "
                    + same.get().id()
                    + "; resume or remove that download instead");
          }
          JobRecord job =
              new JobRecord(
                  newId(),
                  request.jobKey(),
                  request,
                  DownloadState.QUEUED,
                  priority,
                  Optional.empty(),
                  -1,
                  Validator.none(-1),
                  RangeSet.empty(),
                  clock.instant(),
                  Optional.empty(),
                  Optional.empty());
          store.insert(job);
          log.atInfo()
              .addKeyValue("download", job.id())
              .addKeyValue("protocol", request.primary().getScheme())
              .log("queued at {} priority", priority.code());
          notifyState(job, DownloadState.QUEUED);
          fill();
          return store.find(job.id()).orElse(job);
        });
  }

  /** Pauses a queued or active job; an active one stops within a second, keeping its checkpoint. */
  public JobRecord pause(String id) {
    return call(
        () -> {
          JobRecord job = require(id);
          ensure(job, DownloadState.PAUSED, "pause");
          Running running = active.get(id);
          if (running != null) {
            running.intent = Intent.PAUSE;
            stopRun(running);
          }
          log.atInfo().addKeyValue("download", id).log("paused");
          return move(job, DownloadState.PAUSED);
        });
  }

  /** Puts a paused or failed job back in the queue (a failed one starts its retries afresh). */
  public JobRecord resume(String id) {
    return call(
        () -> {
          JobRecord job = require(id);
          if (job.state() != DownloadState.PAUSED && job.state() != DownloadState.FAILED) {
            throw new QueueException(
                QueueException.Reason.CONFLICT,
                "download "
                    + id
                    + " is "
                    + job.state().code()
                    + "; only paused or failed downloads resume");
          }
          Running running = active.get(id);
          if (running != null) {
            running.intent = Intent.REQUEUE;
          }
          log.atInfo().addKeyValue("download", id).log("resumed from {}", job.state().code());
          JobRecord queued = move(cleared(job), DownloadState.QUEUED);
          fill();
          return store.find(id).orElse(queued);
        });
  }

  /**
   * Removes a job: stops it if active, forgets it, and with {@code deleteFiles} deletes its file
   * and {@code .part}. The future completes once all of that is done.
   */
  public CompletableFuture<Void> remove(String id, boolean deleteFiles) {
    return call(
        () -> {
          JobRecord job = require(id);
          Running running = active.get(id);
          if (running != null) {
            running.intent = deleteFiles ? Intent.REMOVE_FILES : Intent.REMOVE;
            running.removedFrom = job.state();
            stopRun(running);
            return running.ended;
          }
          forget(job, deleteFiles, job.state());
          return CompletableFuture.<Void>completedFuture(null);
        });
  }

  /** Changes the priority (queue order) and the rate cap of a job that has not finished. */
  public JobRecord update(
      String id, Optional<Priority> priority, OptionalLong limitBytesPerSecond) {
    return call(
        () -> {
          JobRecord job = require(id);
          if (job.state().terminal()) {
            throw new QueueException(
                QueueException.Reason.CONFLICT,
                "download "
                    + id
                    + " is "
                    + job.state().code()
                    + "; there is nothing left to change");
          }
          JobRecord next = job;
          if (priority.isPresent()) {
            next = next.withPriority(priority.get());
          }
          if (limitBytesPerSecond.isPresent()) {
            DownloadRequest r = next.request();
            next =
                next.withRequest(
                    new DownloadRequest(
                        r.sources(),
                        r.directory(),
                        r.fileName(),
                        r.maxConnections(),
                        limitBytesPerSecond.getAsLong(),
                        r.checksum(),
                        r.headers(),
                        r.overwrite(),
                        r.recursive()));
            Running running = active.get(id);
            if (running != null && running.download != null) {
              running.download.limitRate(limitBytesPerSecond.getAsLong());
            }
          }
          store.update(next);
          Running running = active.get(id);
          if (running != null) {
            running.priority = next.priority();
            running.request = next.request();
          }
          fill();
          return next;
        });
  }

  public Optional<JobRecord> find(String id) {
    return store.find(id).map(this::seen);
  }

  /**
   * The job as clients should see it. A run that fails saves the job {@code failed} (the engine
   * does) before the queue decides to retry it; while the job holds its slot, it is {@code active}
   * and keeps no error, so a client never sees a retried job flicker to {@code failed}.
   */
  private JobRecord seen(JobRecord job) {
    return job.state() == DownloadState.FAILED && active.containsKey(job.id())
        ? cleared(job).withState(DownloadState.ACTIVE)
        : job;
  }

  /** The live view of an active run, if {@code id} is running now. */
  public Optional<DownloadSnapshot> live(String id) {
    Running running = active.get(id);
    Download download = running == null ? null : running.download;
    return download == null ? Optional.empty() : Optional.of(download.snapshot());
  }

  /** The ids of jobs holding a slot now. */
  public Set<String> activeIds() {
    return Set.copyOf(active.keySet());
  }

  /** One page of jobs in queue order; see {@link JobStore#list}. */
  public List<JobRecord> list(Set<DownloadState> states, int offset, int limit) {
    return store.list(states, offset, limit).stream().map(this::seen).toList();
  }

  public long count(Set<DownloadState> states) {
    return store.count(states);
  }

  /**
   * Stops taking work and stops every run with a final checkpoint, waiting at most {@code grace};
   * the jobs stay active in the store and resume at the next start.
   */
  public void shutdown(Duration grace) {
    if (closed) {
      return;
    }
    List<CompletableFuture<Void>> ends =
        call(
            () -> {
              closed = true;
              List<CompletableFuture<Void>> out = new ArrayList<>();
              for (Running running : active.values()) {
                running.intent = Intent.SHUTDOWN;
                stopRun(running);
                out.add(running.ended);
              }
              return out;
            });
    try {
      CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new))
          .get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "{} downloads did not stop within {}; they resume from their last checkpoint",
          ends.stream().filter(f -> !f.isDone()).count(),
          grace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.warn("stopping downloads failed", e);
    }
  }

  @Override
  public void close() {
    shutdown(Duration.ofSeconds(4));
    timers.shutdownNow();
    loop.shutdown();
    try {
      loop.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- on the queue loop only ----

  private void fill() {
    if (closed) {
      return;
    }
    int slots = settings.get(Settings.MAX_CONCURRENT) - active.size();
    if (slots <= 0) {
      return;
    }
    // A paused-then-resumed job may still hold its slot until its run ends: skip it here.
    for (JobRecord job : store.list(Set.of(DownloadState.QUEUED), 0, slots + active.size())) {
      if (slots > 0 && !active.containsKey(job.id())) {
        launch(job, new Running(job.id()));
        slots--;
      }
    }
  }

  private void launch(JobRecord job, Running running) {
    active.put(job.id(), running);
    JobRecord now = job.state() == DownloadState.ACTIVE ? job : move(job, DownloadState.ACTIVE);
    for (QueueListener l : listeners) {
      l.runStarted(now);
    }
    Download download;
    try (var ignored = MDC.putCloseable("download", job.id())) {
      download = launcher.launch(now.request());
    } catch (RuntimeException e) {
      log.warn("download {} could not start: {}", job.id(), e.getMessage());
      post(
          () ->
              ended(
                  running,
                  new DownloadOutcome.Failed(
                      ErrorKind.LOCAL_IO, "could not start: " + e.getMessage())));
      return;
    }
    running.download = download;
    download
        .outcome()
        .whenComplete(
            (outcome, error) ->
                post(
                    () ->
                        ended(
                            running,
                            outcome != null
                                ? outcome
                                : new DownloadOutcome.Failed(
                                    ErrorKind.LOCAL_IO, String.valueOf(error)))));
  }

  private void ended(Running running, DownloadOutcome outcome) {
    if (active.get(running.id) != running) {
      return;
    }
    running.download = null;
    Optional<JobRecord> stored = store.find(running.id);
    if (stored.isEmpty()) {
      active.remove(running.id);
      running.ended.complete(null);
      fill();
      return;
    }
    JobRecord job = withChanges(stored.get(), running);
    boolean retrying = false;
    Intent intent = running.intent;
    if (outcome instanceof DownloadOutcome.Completed
        && intent != Intent.REMOVE
        && intent != Intent.REMOVE_FILES) {
      // It finished before the stop reached it: a complete download is complete, paused or not.
      intent = Intent.RUN;
    }
    switch (intent) {
      case SHUTDOWN -> keep(job, DownloadState.ACTIVE);
      case REMOVE, REMOVE_FILES -> forget(job, intent == Intent.REMOVE_FILES, running.removedFrom);
      // The user saw these states when they asked; the engine's own save may say otherwise.
      case PAUSE -> keep(job, DownloadState.PAUSED);
      case REQUEUE -> keep(job, DownloadState.QUEUED);
      case RUN -> retrying = finish(running, job, outcome);
    }
    for (QueueListener l : listeners) {
      l.runEnded(job, outcome, retrying);
    }
    if (!retrying) {
      active.remove(running.id);
      running.ended.complete(null);
    }
    fill();
  }

  /** Stores {@code job} in {@code state} if the engine saved another one; no event. */
  private void keep(JobRecord job, DownloadState state) {
    if (job.state() != state) {
      store.update(job.withState(state));
    }
  }

  /** {@code job} as the engine left it, with the priority and request changed during the run. */
  private JobRecord withChanges(JobRecord job, Running running) {
    JobRecord merged = job;
    if (running.priority != null) {
      merged = merged.withPriority(running.priority);
    }
    if (running.request != null) {
      merged = merged.withRequest(running.request);
    }
    if (merged != job) {
      store.update(merged);
    }
    return merged;
  }

  /** Records how a run that nobody stopped ended; returns whether the job will be tried again. */
  private boolean finish(Running running, JobRecord job, DownloadOutcome outcome) {
    switch (outcome) {
      case DownloadOutcome.Completed c -> {
        JobRecord done = job.finished(DownloadState.COMPLETE, clock.instant(), Optional.empty());
        store.update(done);
        log.atInfo()
            .addKeyValue("download", job.id())
            .addKeyValue("protocol", job.request().primary().getScheme())
            .addKeyValue("bytes", c.totalBytes())
            .addKeyValue("elapsedMs", c.elapsed().toMillis())
            .log("completed {}", c.files().isEmpty() ? job.id() : c.files().getFirst());
        notifyState(done, DownloadState.ACTIVE);
        return false;
      }
      case DownloadOutcome.Failed f -> {
        running.failedRuns++;
        int attempts = settings.get(Settings.RETRY_ATTEMPTS);
        if (f.kind().retryable() && running.failedRuns <= attempts && !closed) {
          Duration delay = backoff(running.failedRuns);
          log.info(
              "download {} failed ({}: {}); retry {} of {} in {} ms",
              job.id(),
              f.kind().code(),
              f.message(),
              running.failedRuns,
              attempts,
              delay.toMillis());
          if (job.state() != DownloadState.ACTIVE) {
            // The engine recorded the failed run; the job still holds its slot and will run again.
            store.update(cleared(job).withState(DownloadState.ACTIVE));
          }
          running.retry =
              timers.schedule(
                  () -> post(() -> retry(running)), delay.toMillis(), TimeUnit.MILLISECONDS);
          return true;
        }
        JobRecord failed =
            job.finished(
                DownloadState.FAILED,
                clock.instant(),
                Optional.of(new JobRecord.JobError(f.kind(), f.message())));
        store.update(failed);
        log.atWarn()
            .addKeyValue("download", job.id())
            .addKeyValue("protocol", job.request().primary().getScheme())
            .addKeyValue("error", f.kind().code())
            .log("failed: {}", f.message());
        notifyState(failed, DownloadState.ACTIVE);
        return false;
      }
      case DownloadOutcome.Stopped s -> {
        // Stopped by something other than the queue (the engine closing): keep it for the next
        // start.
        return false;
      }
    }
  }

  private void retry(Running running) {
    if (active.get(running.id) != running || running.intent != Intent.RUN || closed) {
      return;
    }
    store.find(running.id).ifPresent(job -> launch(job, running));
  }

  private Duration backoff(int failedRuns) {
    Duration base = settings.get(Settings.RETRY_DELAY);
    Duration delay = base.multipliedBy(1L << Math.min(failedRuns - 1, 16));
    Duration max = Duration.ofMinutes(10);
    return delay.compareTo(max) > 0 ? max : delay;
  }

  private void stopRun(Running running) {
    Download download = running.download;
    if (download != null) {
      download.stop();
      return;
    }
    // Waiting for a retry: nothing runs, so the run has ended already.
    if (running.retry != null) {
      running.retry.cancel(false);
    }
    post(() -> ended(running, new DownloadOutcome.Stopped(0)));
  }

  private void forget(JobRecord job, boolean deleteFiles, DownloadState from) {
    store.delete(job.id());
    if (deleteFiles) {
      for (Path path : filesOf(job)) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          log.warn("could not delete {}: {}", path, e.getMessage());
        }
      }
    }
    log.info("removed {}{}", job.id(), deleteFiles ? " and its files" : "");
    notifyState(job.withState(DownloadState.REMOVED), from);
  }

  private static List<Path> filesOf(JobRecord job) {
    List<Path> files = new ArrayList<>();
    job.target().ifPresent(files::add);
    job.partFile().ifPresent(files::add);
    // Only files inside the job's own directory are ever deleted.
    Path dir = job.request().directory();
    return files.stream()
        .map(p -> p.toAbsolutePath().normalize())
        .filter(p -> p.startsWith(dir))
        .toList();
  }

  private JobRecord require(String id) {
    return store
        .find(id)
        .orElseThrow(
            () ->
                new QueueException(QueueException.Reason.UNKNOWN_JOB, "no download with id " + id));
  }

  private static void ensure(JobRecord job, DownloadState to, String verb) {
    if (!job.state().canMoveTo(to)) {
      throw new QueueException(
          QueueException.Reason.CONFLICT,
          "cannot " + verb + " download " + job.id() + ": it is " + job.state().code());
    }
  }

  private JobRecord move(JobRecord job, DownloadState to) {
    JobRecord moved = job.withState(to);
    store.update(moved);
    notifyState(moved, job.state());
    return moved;
  }

  private static JobRecord cleared(JobRecord job) {
    return new JobRecord(
        job.id(),
        job.key(),
        job.request(),
        job.state(),
        job.priority(),
        job.target(),
        job.totalBytes(),
        job.validator(),
        job.completed(),
        job.createdAt(),
        Optional.empty(),
        Optional.empty());
  }

  private void notifyState(JobRecord job, DownloadState from) {
    for (QueueListener l : listeners) {
      try {
        l.stateChanged(job, from);
      } catch (RuntimeException e) {
        log.warn("a queue listener failed", e);
      }
    }
  }

  private String newId() {
    byte[] bytes = new byte[8];
    String id;
    do {
      random.nextBytes(bytes);
      id = HexFormat.of().formatHex(bytes);
    } while (store.find(id).isPresent());
    return id;
  }

  private void post(Runnable task) {
    try {
      loop.execute(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("queue task failed", e);
            }
          });
    } catch (RejectedExecutionException e) {
      log.debug("queue closed; dropped a task");
    }
  }

  private <T> T call(Callable<T> task) {
    if (closed) {
      throw new QueueException(QueueException.Reason.CLOSED, "the daemon is shutting down");
    }
    try {
      return loop.submit(task).get();
    } catch (RejectedExecutionException e) {
      throw new QueueException(QueueException.Reason.CLOSED, "the daemon is shutting down");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QueueException(QueueException.Reason.CLOSED, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
