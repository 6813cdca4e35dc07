package dev.dlm.core.transfer;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.storage.FileNames;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands a manifest (a directory listing, a playlist) into one child download per entry, each its
 * own job with its own resume, a few at a time. Every entry's path is sanitised segment by segment;
 * an entry that would land outside the directory is dropped. The parent succeeds when every child
 * does and otherwise fails with a summary.
 */
final class ManifestRun {

  static final int PARALLEL_FILES = 4;
  private static final Logger LOG = LoggerFactory.getLogger(ManifestRun.class);

  private final Downloads downloads;
  private final RunningDownload parent;

  ManifestRun(Downloads downloads, RunningDownload parent) {
    this.downloads = downloads;
    this.parent = parent;
  }

  DownloadOutcome run(ManifestResource manifest, long startedNanos) {
    List<DownloadRequest> requests = childRequests(manifest);
    if (requests.isEmpty()) {
      return new DownloadOutcome.Failed(ErrorKind.PROTOCOL_ERROR, "the listing names no file that can be saved inside " + parent.request().directory());
    }
    Semaphore slots = new Semaphore(PARALLEL_FILES);
    List<RunningDownload> children = new ArrayList<>();
    for (DownloadRequest child : requests) {
      if (!acquire(slots)) {
        break;
      }
      RunningDownload running;
      try {
        running = downloads.startChild(child, parent.bucket());
      } catch (IllegalStateException engineClosing) {
        slots.release();
        break;
      }
      running.outcome().whenComplete((outcome, error) -> slots.release());
      parent.adopt(running);
      children.add(running);
    }
    List<DownloadOutcome> outcomes = children.stream().map(c -> c.outcome().join()).toList();
    return summarise(requests.size(), children, outcomes, Duration.ofNanos(System.nanoTime() - startedNanos));
  }

  private List<DownloadRequest> childRequests(ManifestResource manifest) {
    DownloadRequest request = parent.request();
    List<DownloadRequest> children = new ArrayList<>();
    for (ManifestResource.Entry entry : manifest.entries()) {
      Optional<Path> path = FileNames.resolveInside(request.directory(), entry.relativePath());
      if (path.isEmpty()) {
        LOG.warn("{}: skipped a listing entry whose path leaves the directory", parent.id());
        continue;
      }
      children.add(new DownloadRequest(
          List.of(entry.source().uri()), path.get().getParent(), Optional.of(path.get().getFileName().toString()),
          request.maxConnections(), 0, Optional.empty(), request.headers(), request.overwrite(), false));
    }
    return children;
  }

  private boolean acquire(Semaphore slots) {
    try {
      while (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
        if (parent.stopRequested()) {
          return false;
        }
      }
      return !parent.stopRequested();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static DownloadOutcome summarise(int planned, List<RunningDownload> children, List<DownloadOutcome> outcomes, Duration elapsed) {
    List<Path> files = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    long totalBytes = 0;
    long doneBytes = 0;
    int failures = 0;
    String firstFailure = null;
    ErrorKind firstKind = null;
    for (int i = 0; i < outcomes.size(); i++) {
      switch (outcomes.get(i)) {
        case DownloadOutcome.Completed done -> {
          files.addAll(done.files());
          hashes.addAll(done.sha256Hex());
          totalBytes += done.totalBytes();
          doneBytes += done.totalBytes();
        }
        case DownloadOutcome.Failed failed -> {
          failures++;
          if (firstFailure == null) {
            firstKind = failed.kind();
            firstFailure = children.get(i).request().fileName().orElse("?") + ": " + failed.message();
          }
        }
        case DownloadOutcome.Stopped stopped -> doneBytes += stopped.completedBytes();
      }
    }
    if (failures > 0) {
      return new DownloadOutcome.Failed(firstKind, failures + " of " + planned + " files failed; first: " + firstFailure);
    }
    if (files.size() < planned) {
      return new DownloadOutcome.Stopped(doneBytes);
    }
    return new DownloadOutcome.Completed(files, totalBytes, hashes, elapsed);
  }
}
