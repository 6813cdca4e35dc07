package dev.dlm.core;

import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A real {@link JobStore} kept in memory, for the engine's tests. A checkpoint hook lets a test look
 * at the disk at the very moment the engine records a checkpoint.
 */
final class InMemoryJobStore implements JobStore {

  private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, RangeSet> onCheckpoint = (id, ranges) -> {};

  void onCheckpoint(BiConsumer<String, RangeSet> hook) {
    onCheckpoint = hook;
  }

  @Override
  public void insert(JobRecord job) {
    if (jobs.putIfAbsent(job.id(), job) != null || findByKey(job.key()).filter(j -> !j.id().equals(job.id())).isPresent()) {
      throw new IllegalStateException("job exists: " + job.id());
    }
  }

  @Override
  public void update(JobRecord job) {
    if (jobs.replace(job.id(), job) == null) {
      throw new IllegalStateException("no job " + job.id());
    }
  }

  @Override
  public void checkpoint(String id, RangeSet completed) {
    onCheckpoint.accept(id, completed);
    jobs.computeIfPresent(id, (key, job) -> job.withCompleted(completed));
  }

  @Override
  public Optional<JobRecord> find(String id) {
    return Optional.ofNullable(jobs.get(id));
  }

  @Override
  public Optional<JobRecord> findByKey(String key) {
    return jobs.values().stream().filter(j -> j.key().equals(key)).findFirst();
  }

  @Override
  public List<JobRecord> list(Set<DownloadState> states, int offset, int limit) {
    return jobs.values().stream()
        .filter(j -> states.isEmpty() || states.contains(j.state()))
        .sorted(Comparator.comparing(JobRecord::priority).thenComparing(JobRecord::createdAt))
        .skip(offset)
        .limit(limit)
        .toList();
  }

  @Override
  public long count(Set<DownloadState> states) {
    return jobs.values().stream().filter(j -> states.isEmpty() || states.contains(j.state())).count();
  }

  @Override
  public void delete(String id) {
    jobs.remove(id);
  }

  @Override
  public void close() {}
}
