package dev.dlm.core.transfer;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.storage.FileNames;
import dev.dlm.core.storage.PartChannel;
import dev.dlm.core.storage.StorageErrors;
import dev.dlm.core.storage.Targets;
import dev.dlm.core.store.JobRecord;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.spi.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one download, from the stored job to the renamed file. This is where the stages are
 * assembled, in the order they happen:
 *
 * <ol>
 *   <li><b>probe</b> the primary source (retried like a part), then any mirrors;
 *   <li><b>plan</b>: resume the stored job when its {@code .part} survives and the remote validator
 *       still matches (only the missing ranges are fetched), else start over and say why; choose a
 *       sanitised, free target name; split the missing bytes into parts;
 *   <li><b>transfer</b>: a {@link Transfer} of workers with work stealing, a checkpointer and a
 *       trailing hasher. Two failures change the plan instead of ending the run: a server that
 *       ignores ranges (fall back to one stream from byte 0) and a remote file that changed
 *       mid-run (start over once);
 *   <li><b>verify</b>: the digests the trailing hasher already has, against the user's checksum and
 *       the server's advertised digest; a mismatch deletes the {@code .part} and its checkpoint,
 *       since those bytes are wrong;
 *   <li><b>finalize</b>: force, close, and rename atomically without ever replacing a file the user
 *       did not ask to replace.
 * </ol>
 *
 * <p>Every store update after a transfer carries the durable ranges the checkpointer recorded, so the
 * job record never claims more than the last forced checkpoint nor forgets it.
 */
final class DownloadRun {

  private static final Logger LOG = LoggerFactory.getLogger(DownloadRun.class);

  private final Downloads downloads;
  private final RunningDownload handle;
  private final DownloadRequest request;
  private final JobRecord previous;
  private final long startedNanos = System.nanoTime();
  private final Prober prober;
  private JobRecord job;

  DownloadRun(Downloads downloads, RunningDownload handle, JobRecord job) {
    this.downloads = downloads;
    this.handle = handle;
    this.request = handle.request();
    this.previous = job;
    this.job = job;
    this.prober = new Prober(downloads, handle);
  }

  DownloadOutcome execute() {
    handle.moveTo(DownloadState.ACTIVE);
    if (job.state() != DownloadState.ACTIVE) { // a new job, or the daemon's, is stored active already
      save(job.withState(DownloadState.ACTIVE));
    }
    try {
      Source source = new Source(request.primary(), request.headers(), request.recursive());
      Protocol protocol = downloads.protocols().forScheme(source.scheme());
      Optional<Resource> resource = prober.probe(source, protocol);
      if (resource.isEmpty()) {
        return stopped(job.completed());
      }
      return switch (resource.get()) {
        case ManifestResource manifest -> conclude(new ManifestRun(downloads, handle).run(manifest, startedNanos));
        case RangedResource ranged -> ranged(new Origin(source, protocol, ranged));
      };
    } catch (TransferException e) {
      return failed(e, job.completed());
    }
  }

  private DownloadOutcome ranged(Origin primary) throws TransferException {
    RangedResource resource = primary.resource();
    Optional<DownloadOutcome> kept = alreadyDownloaded(resource);
    if (kept.isPresent()) {
      return kept.get();
    }
    Path target;
    RangeSet base = RangeSet.empty();
    boolean resumable =
        previous.state() != DownloadState.COMPLETE && previous.partFile().filter(Files::exists).isPresent();
    if (resumable) {
      target = previous.target().orElseThrow();
      if (previous.validator().sameVersionAs(resource.validator())) {
        base = resumeBase(previous.completed(), resource);
      } else {
        publish(new DownloadEvent.Restarted(handle.id(), "the remote file changed (" + change(previous.validator(), resource.validator()) + "): starting over"));
      }
    } else {
      target = Targets.choose(request.directory(), targetName(resource), request.overwrite());
    }
    save(job.withPlan(target, resource.lengthBytes(), resource.validator()).withCompleted(base));
    Path partFile = Targets.partFile(target);
    PartChannel channel = open(partFile);
    try {
      return transfer(primary, target, partFile, channel, base);
    } finally {
      closeQuietly(channel);
    }
  }

  /**
   * The file an earlier run of this same job finished, when it is still what that run wrote (same
   * length, not modified since) and the remote file is the same version: running a command again
   * after an interrupted {@code -i} batch must not fetch the files that had finished a second time.
   * Its digests are computed afresh (so the SHA-256 printed is of the bytes on disk, and a
   * {@code --checksum} is checked against them); if anything differs, or {@code --overwrite} asks
   * for a fresh copy, the download runs as usual.
   */
  private Optional<DownloadOutcome> alreadyDownloaded(RangedResource resource) {
    if (previous.state() != DownloadState.COMPLETE || request.overwrite() || previous.target().isEmpty()
        || previous.finishedAt().isEmpty() || !resource.validator().hasIdentity()
        || !previous.validator().sameVersionAs(resource.validator())) {
      return Optional.empty();
    }
    Path target = previous.target().get();
    long total = previous.totalBytes();
    try {
      BasicFileAttributes file = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (!file.isRegularFile() || file.size() != total || file.lastModifiedTime().toInstant().isAfter(previous.finishedAt().get())) {
        return Optional.empty();
      }
    } catch (IOException gone) {
      return Optional.empty();
    }
    Set<String> algorithms = new LinkedHashSet<>();
    request.checksum().ifPresent(d -> algorithms.add(d.algorithm()));
    resource.digest().ifPresent(d -> algorithms.add(d.algorithm()));
    Map<String, byte[]> digests;
    try (PartChannel file = PartChannel.openToRead(target)) {
      digests = new TrailingHasher(file, RangeSet::empty, algorithms).finishInline(total);
    } catch (IOException unreadable) { // TransferException included: a file that cannot be read back
      return Optional.empty();
    }
    if (Verifier.mismatch(request.checksum(), resource.digest(), digests).isPresent()) {
      return Optional.empty();
    }
    publish(new DownloadEvent.Planned(handle.id(), target, total, total, resource.rangeable()));
    handle.planned(target, total);
    handle.moveTo(DownloadState.COMPLETE);
    save(job.finished(DownloadState.COMPLETE, downloads.config().clock().instant(), Optional.empty()));
    String sha256 = HexFormat.of().formatHex(digests.get(TrailingHasher.SHA_256));
    return Optional.of(new DownloadOutcome.Completed(List.of(target), total, List.of(sha256), elapsed()));
  }

  private DownloadOutcome transfer(Origin primary, Path target, Path partFile, PartChannel channel, RangeSet resumed)
      throws TransferException {
    RangedResource resource = primary.resource();
    boolean rangeable = resource.rangeable();
    boolean restarted = false;
    RangeSet base = resumed;
    List<Origin> origins = prober.mirrors(primary);
    while (true) {
      long total = resource.lengthBytes();
      prepare(channel, partFile, base, total);
      publish(new DownloadEvent.Planned(handle.id(), target, total, base.coveredBytes(), rangeable));
      handle.planned(target, total);
      Transfer attempt = attempt(origins, channel, partFile, base, resource, rangeable);
      handle.attach(attempt);
      Transfer.Result result = attempt.run();
      job = job.withCompleted(switch (result) {
        case Transfer.Result.Done done -> done.durable();
        case Transfer.Result.Stopped stop -> stop.durable();
        case Transfer.Result.Failed failure -> failure.durable();
      });
      switch (result) {
        case Transfer.Result.Done done -> {
          handle.detach(done.totalBytes());
          return finish(channel, partFile, target, resource, done);
        }
        case Transfer.Result.Stopped stop -> {
          handle.detach(stop.durable().coveredBytes());
          return stopped(stop.durable());
        }
        case Transfer.Result.Failed failure -> {
          handle.detach(failure.durable().coveredBytes());
          ErrorKind kind = failure.cause().kind();
          if (kind == ErrorKind.RANGE_IGNORED && rangeable) {
            LOG.info("{}: the server ignores ranges; falling back to one connection from byte 0", handle.id());
            rangeable = false;
            base = RangeSet.empty();
            origins = List.of(primary);
          } else if (kind == ErrorKind.REMOTE_CHANGED && !restarted && !handle.stopRequested()) {
            restarted = true;
            Optional<Resource> again = prober.probe(primary.source(), primary.protocol());
            if (again.isEmpty()) {
              return stopped(failure.durable());
            }
            if (!(again.get() instanceof RangedResource fresh)) {
              return failed(failure.cause(), failure.durable());
            }
            publish(new DownloadEvent.Restarted(handle.id(), "the remote file changed during the download (" + change(resource.validator(), fresh.validator()) + "): starting over"));
            resource = fresh;
            rangeable = fresh.rangeable();
            primary = new Origin(primary.source(), primary.protocol(), fresh);
            origins = List.of(primary);
            base = RangeSet.empty();
            save(job.withPlan(target, fresh.lengthBytes(), fresh.validator()));
          } else {
            return failed(failure.cause(), failure.durable());
          }
        }
      }
    }
  }

  private Transfer attempt(List<Origin> sources, PartChannel channel, Path partFile, RangeSet base, RangedResource resource, boolean rangeable) {
    long total = resource.lengthBytes();
    boolean splittable = rangeable && total >= 0;
    List<Part> parts;
    int connections;
    if (splittable) {
      RangeSet missing = base.missing(total);
      connections = Planner.connections(downloads.config(), request, missing.coveredBytes(), true, Planner.preferredConnections(sources));
      parts = Planner.parts(missing, connections, downloads.config().minSegmentBytes());
    } else {
      long from = rangeable && !base.isEmpty() && base.start(0) == 0 ? base.end(0) : 0;
      base = from == 0 ? RangeSet.empty() : RangeSet.of(0, from);
      connections = 1;
      parts = List.of(new Part(from, total));
    }
    Set<String> algorithms = new LinkedHashSet<>();
    request.checksum().ifPresent(d -> algorithms.add(d.algorithm()));
    resource.digest().ifPresent(d -> algorithms.add(d.algorithm()));
    Transfer.Setup setup = new Transfer.Setup(
        handle.id(), downloads.config(), downloads.store(), downloads.bus(), channel, partFile, new Origins(sources),
        new Throttle(handle.bucket(), downloads.globalBucket()), downloads.hosts(), base, total, rangeable, algorithms);
    return new Transfer(setup, parts, connections);
  }

  private DownloadOutcome finish(PartChannel channel, Path partFile, Path target, RangedResource resource, Transfer.Result.Done done)
      throws TransferException {
    long total = done.totalBytes();
    Map<String, byte[]> digests = done.digests();
    Optional<TransferException> mismatch = Verifier.mismatch(request.checksum(), resource.digest(), digests);
    if (mismatch.isPresent()) {
      closeQuietly(channel);
      try {
        Files.deleteIfExists(partFile);
      } catch (IOException e) {
        LOG.warn("{}: cannot delete {}: {}", handle.id(), partFile, e.getMessage());
      }
      return failed(mismatch.get(), RangeSet.empty());
    }
    try {
      if (channel.sizeBytes() != total) {
        channel.resize(total);
      }
      channel.force();
      channel.close();
    } catch (IOException e) {
      throw StorageErrors.classify(e, partFile);
    }
    RangeSet all = total == 0 ? RangeSet.empty() : RangeSet.of(0, total);
    job = job.withCompleted(all); // forced: if the move fails, the failure records every byte as done
    Path placed = Targets.moveIntoPlace(partFile, target, request.overwrite());
    save(job.withPlan(placed, total, resource.validator()).withCompleted(all)
        .finished(DownloadState.COMPLETE, downloads.config().clock().instant(), Optional.empty()));
    handle.planned(placed, total);
    handle.moveTo(DownloadState.COMPLETE);
    String sha256 = HexFormat.of().formatHex(digests.get(TrailingHasher.SHA_256));
    return new DownloadOutcome.Completed(List.of(placed), total, List.of(sha256), elapsed());
  }

  /** Store and state for a manifest's outcome, which its children already recorded file by file. */
  private DownloadOutcome conclude(DownloadOutcome outcome) {
    return switch (outcome) {
      case DownloadOutcome.Completed completed -> {
        save(job.finished(DownloadState.COMPLETE, downloads.config().clock().instant(), Optional.empty()));
        handle.moveTo(DownloadState.COMPLETE);
        yield completed;
      }
      case DownloadOutcome.Failed failure -> failed(new TransferException(failure.kind(), failure.message()), job.completed());
      case DownloadOutcome.Stopped stop -> {
        save(job.withState(DownloadState.PAUSED));
        handle.moveTo(DownloadState.PAUSED);
        yield stop;
      }
    };
  }

  private String targetName(RangedResource resource) {
    return request.fileName()
        .or(resource::fileName)
        .or(() -> FileNames.fromUri(request.primary()))
        .map(FileNames::sanitize)
        .orElse(FileNames.FALLBACK);
  }

  private RangeSet resumeBase(RangeSet completed, RangedResource resource) {
    if (!resource.rangeable() || completed.isEmpty()) {
      return RangeSet.empty();
    }
    if (resource.lengthKnown()) {
      return completed.missing(resource.lengthBytes()).missing(resource.lengthBytes());
    }
    return completed.start(0) == 0 ? RangeSet.of(0, completed.end(0)) : RangeSet.empty();
  }

  /**
   * Opens (creating) the {@code .part}. Its directory entry is not synced: a checkpoint that outlives
   * a lost {@code .part} is harmless, because a rerun resumes only when the {@code .part} exists
   * (see {@link #ranged}) and otherwise starts over under a free name; and the file's own blocks and
   * size are forced before any checkpoint records them.
   */
  private PartChannel open(Path partFile) throws TransferException {
    try {
      Files.createDirectories(request.directory());
      return downloads.opener().open(partFile);
    } catch (IOException e) {
      throw StorageErrors.classify(e, partFile);
    }
  }

  private static void prepare(PartChannel channel, Path partFile, RangeSet base, long total) throws TransferException {
    try {
      if (total >= 0) {
        channel.resize(total);
      } else {
        channel.resize(base.isEmpty() ? 0 : base.end(0));
      }
    } catch (IOException e) {
      throw StorageErrors.classify(e, partFile);
    }
  }

  private DownloadOutcome stopped(RangeSet durable) {
    save(job.withCompleted(durable).withState(DownloadState.PAUSED));
    handle.moveTo(DownloadState.PAUSED);
    return new DownloadOutcome.Stopped(durable.coveredBytes());
  }

  private DownloadOutcome failed(TransferException e, RangeSet durable) {
    String message = e.getMessage() == null ? e.kind().code() : e.getMessage();
    JobRecord.JobError error = new JobRecord.JobError(e.kind(), message);
    save(job.withCompleted(durable).finished(DownloadState.FAILED, downloads.config().clock().instant(), Optional.of(error)));
    handle.failed(new DownloadSnapshot.Error(e.kind(), message));
    handle.moveTo(DownloadState.FAILED);
    return new DownloadOutcome.Failed(e.kind(), message);
  }

  /** Stores {@code next}; its completed ranges are always the last durable checkpoint's. */
  private void save(JobRecord next) {
    job = next;
    downloads.store().update(next);
  }

  private void publish(DownloadEvent event) {
    downloads.bus().publish(event);
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private static String change(Validator before, Validator now) {
    if (before.etag().isPresent() || now.etag().isPresent()) {
      return "ETag " + before.etag().orElse("none") + " -> " + now.etag().orElse("none");
    }
    if (before.lastModified().isPresent() || now.lastModified().isPresent()) {
      return "Last-Modified " + before.lastModified().orElse("none") + " -> " + now.lastModified().orElse("none");
    }
    return "length " + before.lengthBytes() + " -> " + now.lengthBytes();
  }

  private static void closeQuietly(PartChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing a part file failed", e);
    }
  }
}
