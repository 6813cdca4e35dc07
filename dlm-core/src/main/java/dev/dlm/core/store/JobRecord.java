package dev.dlm.core.store;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Validator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the store keeps of one job: what was asked, what the probe found, where the bytes go,
 * and which bytes are durable. Immutable; the engine saves a new copy on each change.
 *
 * @param id short stable id
 * @param key {@link DownloadRequest#jobKey()}, unique among jobs
 * @param request what the user asked for
 * @param state lifecycle state
 * @param priority queue priority
 * @param target the final path once chosen (after the probe)
 * @param totalBytes the remote length, {@code -1} while unknown
 * @param validator what identified the remote version when the plan was made
 * @param completed the byte ranges that are on disk and forced (only meaningful with {@code target})
 * @param createdAt when the job was first added
 * @param finishedAt when it completed or failed
 * @param error why it failed
 */
public record JobRecord(
    String id,
    String key,
    DownloadRequest request,
    DownloadState state,
    Priority priority,
    Optional<Path> target,
    long totalBytes,
    Validator validator,
    RangeSet completed,
    Instant createdAt,
    Optional<Instant> finishedAt,
    Optional<JobError> error) {

  public JobRecord {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(completed, "completed");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(error, "error");
  }

  /** The {@code .part} file next to the target, where bytes land until the final rename. */
  public Optional<Path> partFile() {
    return target.map(t -> t.resolveSibling(t.getFileName() + ".part"));
  }

  public JobRecord withState(DownloadState newState) {
    return new JobRecord(
        id, key, request, newState, priority, target, totalBytes, validator, completed, createdAt,
        finishedAt, error);
  }

  public JobRecord withPlan(Path newTarget, long newTotalBytes, Validator newValidator) {
    return new JobRecord(
        id, key, request, state, priority, Optional.of(newTarget), newTotalBytes, newValidator,
        RangeSet.empty(), createdAt, finishedAt, error);
  }

  public JobRecord withCompleted(RangeSet newCompleted) {
    return new JobRecord(
        id, key, request, state, priority, target, totalBytes, validator, newCompleted, createdAt,
        finishedAt, error);
  }

  public JobRecord withPriority(Priority newPriority) {
    return new JobRecord(
        id, key, request, state, newPriority, target, totalBytes, validator, completed, createdAt,
        finishedAt, error);
  }

  public JobRecord withRequest(DownloadRequest newRequest) {
    return new JobRecord(
        id, key, newRequest, state, priority, target, totalBytes, validator, completed, createdAt,
        finishedAt, error);
  }

  public JobRecord finished(DownloadState endState, Instant at, Optional<JobError> why) {
    return new JobRecord(
        id, key, request, endState, priority, target, totalBytes, validator, completed, createdAt,
        Optional.of(at), why);
  }

  /** Why a job failed: a stable code and a one-line message. */
  public record JobError(ErrorKind kind, String message) {}
}
