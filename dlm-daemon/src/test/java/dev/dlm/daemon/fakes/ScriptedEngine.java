package dev.dlm.daemon.fakes;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import dev.dlm.daemon.queue.Launcher;
import dev.dlm.spi.ErrorKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the engine while it is being built: each launch makes a {@link Run} that the test
 * ends when it likes (complete, fail), and that honours {@link Download#stop()} at once. Like the
 * engine, a launch plans the job in the store (target and {@code .part} file) by its job key.
 */
public final class ScriptedEngine implements Launcher {

  private final JobStore store;
  private final List<Run> runs = new CopyOnWriteArrayList<>();

  public ScriptedEngine(JobStore store) {
    this.store = store;
  }

  @Override
  public Download launch(DownloadRequest request) {
    JobRecord stored = store.findByKey(request.jobKey()).orElseThrow();
    Path target = request.directory().resolve(request.fileName().orElse("file-" + stored.id()));
    // Like the engine: plan, save its own copy as active, and save that copy again at the end.
    JobRecord job =
        stored
            .withRequest(request)
            .withPlan(target, 100, stored.validator())
            .withState(DownloadState.ACTIVE);
    store.update(job);
    try {
      Files.createDirectories(request.directory());
      Files.write(target.resolveSibling(target.getFileName() + ".part"), new byte[10]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Run run = new Run(store, job, target);
    runs.add(run);
    return run;
  }

  /** Every launch so far, oldest first. */
  public List<Run> runs() {
    return List.copyOf(runs);
  }

  /** The runs not ended yet. */
  public List<Run> running() {
    return runs.stream().filter(r -> !r.outcome.isDone()).toList();
  }

  /** The ids of the runs not ended yet, in launch order. */
  public List<String> runningIds() {
    return running().stream().map(Run::id).toList();
  }

  /** The current run of {@code id}. */
  public Run runOf(String id) {
    return running().stream()
        .filter(r -> r.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new AssertionError(id + " is not running"));
  }

  /** One run of a download, ended by the test; each snapshot shows one more byte (up to 99). */
  public static final class Run implements Download {
    private final JobStore store;
    private final JobRecord job;
    private final String id;
    private final DownloadRequest request;
    private final Path target;
    private final CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
    private volatile long limit;
    private volatile boolean stopped;
    private volatile boolean heldStop;
    private final java.util.concurrent.atomic.AtomicLong progress =
        new java.util.concurrent.atomic.AtomicLong(40);

    Run(JobStore store, JobRecord job, Path target) {
      this.store = store;
      this.job = job;
      this.id = job.id();
      this.request = job.request();
      this.target = target;
      this.limit = job.request().limitBytesPerSecond();
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public DownloadRequest request() {
      return request;
    }

    @Override
    public CompletableFuture<DownloadOutcome> outcome() {
      return outcome;
    }

    @Override
    public DownloadSnapshot snapshot() {
      return new DownloadSnapshot(
          id,
          DownloadState.ACTIVE,
          Optional.of(target),
          100,
          Math.min(99, progress.getAndIncrement()),
          1000,
          Optional.empty(),
          2,
          List.of(),
          Optional.empty());
    }

    @Override
    public void stop() {
      stopped = true;
      if (heldStop) {
        return;
      }
      if (!outcome.isDone()) {
        save(job.withState(DownloadState.PAUSED));
      }
      outcome.complete(new DownloadOutcome.Stopped(40));
    }

    /** Makes {@link #stop()} take effect only at {@link #releaseStop()}, as a slow engine might. */
    public void holdStop() {
      heldStop = true;
    }

    public void releaseStop() {
      heldStop = false;
      if (stopped) {
        stop();
      }
    }

    @Override
    public void limitRate(long bytesPerSecond) {
      limit = bytesPerSecond;
    }

    private void save(JobRecord copy) {
      if (store.find(id).isPresent()) {
        store.update(copy);
      }
    }

    public long limit() {
      return limit;
    }

    public boolean stopped() {
      return stopped;
    }

    /** Finishes the run: the {@code .part} becomes the file. */
    public void complete() {
      try {
        Files.move(target.resolveSibling(target.getFileName() + ".part"), target);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      save(job.finished(DownloadState.COMPLETE, Instant.now(), Optional.empty()));
      outcome.complete(
          new DownloadOutcome.Completed(List.of(target), 100, List.of("00"), Duration.ofMillis(5)));
    }

    public void fail(ErrorKind kind, String message) {
      save(
          job.finished(
              DownloadState.FAILED,
              Instant.now(),
              Optional.of(new JobRecord.JobError(kind, message))));
      outcome.complete(new DownloadOutcome.Failed(kind, message));
    }
  }
}
