package dev.dlm.cli.get;

import dev.dlm.cli.ExitCode;
import dev.dlm.cli.Interrupts;
import dev.dlm.cli.progress.DisplayUrl;
import dev.dlm.cli.progress.FailureLine;
import dev.dlm.cli.progress.ProgressView;
import dev.dlm.core.Download;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.event.EventBus;
import dev.dlm.spi.ErrorKind;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the downloads of one {@code dlm get}, {@code jobs} at a time, each waited for on its own
 * virtual thread, and turns their outcomes into the exit code.
 *
 * <p>The first Ctrl-C stops every running download (each writes its final checkpoint), starts no
 * more, and ends with {@link ExitCode#INTERRUPTED} once they have stopped.
 */
final class DownloadBatch {

  private static final Logger log = LoggerFactory.getLogger(DownloadBatch.class);

  private final EmbeddedEngine engine;
  private final int jobs;
  private final ProgressView view;
  private final Interrupts interrupts;
  private final PrintWriter err;
  private final List<Download> running = new CopyOnWriteArrayList<>();
  private final AtomicBoolean interrupted = new AtomicBoolean();
  private final AtomicInteger failures = new AtomicInteger();

  DownloadBatch(
      EmbeddedEngine engine, int jobs, ProgressView view, Interrupts interrupts, PrintWriter err) {
    this.engine = engine;
    this.jobs = jobs;
    this.view = view;
    this.interrupts = interrupts;
    this.err = err;
  }

  int run(List<DownloadRequest> requests) {
    Semaphore slots = new Semaphore(jobs);
    Map<Path, Optional<String>> directories = new HashMap<>();
    try (Interrupts.Registration ctrlC = interrupts.onInterrupt(this::stopAll);
        EventBus.Subscription events = engine.events().subscribe(view);
        ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DownloadRequest request : requests) {
        Optional<String> rejection =
            unsupported(request)
                .or(() -> directories.computeIfAbsent(request.directory(), DownloadBatch::prepare));
        if (rejection.isPresent()) {
          failures.incrementAndGet();
          view.rejected(rejection.get());
          continue;
        }
        slots.acquireUninterruptibly();
        if (interrupted.get()) {
          slots.release();
          break;
        }
        waiters.submit(() -> runOne(request, slots));
      }
    } finally {
      view.close();
    }
    if (interrupted.get()) {
      err.println("dlm: interrupted; run the same command again to resume");
      err.flush();
      return ExitCode.INTERRUPTED;
    }
    return failures.get() > 0 ? ExitCode.FAILED : ExitCode.OK;
  }

  private void runOne(DownloadRequest request, Semaphore slots) {
    try {
      Download download = engine.start(request);
      running.add(download);
      if (interrupted.get()) {
        download.stop();
      }
      view.started(download.id(), request.primary(), request.directory());
      DownloadOutcome outcome = download.outcome().join();
      running.remove(download);
      log.info(
          "{} {}: {}",
          download.id(),
          DisplayUrl.of(request.primary()),
          outcome.getClass().getSimpleName());
      if (outcome instanceof DownloadOutcome.Failed) {
        failures.incrementAndGet();
      }
      view.finished(download.id(), request.primary(), outcome);
    } catch (RuntimeException e) {
      log.error("starting {} failed", DisplayUrl.of(request.primary()), e);
      failures.incrementAndGet();
      view.rejected(
          "cannot start "
              + DisplayUrl.of(request.primary())
              + ": "
              + e.getMessage()
              + "; run again with --debug for details");
    } finally {
      slots.release();
    }
  }

  private void stopAll() {
    interrupted.set(true);
    for (Download download : running) {
      download.stop();
    }
  }

  /** The error line for a URL no protocol on the class path handles. */
  private Optional<String> unsupported(DownloadRequest request) {
    String scheme = request.primary().getScheme().toLowerCase(Locale.ROOT);
    List<String> schemes = engine.schemes();
    if (schemes.contains(scheme)) {
      return Optional.empty();
    }
    return Optional.of(
        "unsupported protocol '"
            + scheme
            + "' in "
            + DisplayUrl.of(request.primary())
            + "; dlm handles "
            + String.join(", ", schemes));
  }

  /** Creates {@code directory} if needed; the error line if it cannot be written. */
  private static Optional<String> prepare(Path directory) {
    try {
      Files.createDirectories(directory);
      return Optional.empty();
    } catch (IOException e) {
      String reason =
          e instanceof FileAlreadyExistsException
              ? "a file of that name is in the way"
              : e instanceof AccessDeniedException
                  ? "permission denied"
                  : e.getClass().getSimpleName() + " " + e.getMessage();
      return Optional.of(
          "cannot create the directory "
              + directory
              + " ("
              + reason
              + "); "
              + FailureLine.advice(ErrorKind.NOT_WRITABLE));
    }
  }
}
