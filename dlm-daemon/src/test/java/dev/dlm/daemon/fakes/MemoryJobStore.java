package dev.dlm.daemon.fakes;

import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@link JobStore} contract in memory, in queue order (priority, then insertion), for queue and
 * API tests while the SQLite store is being built. Survives a "restart" when the same instance is
 * handed to a new queue.
 */
public final class MemoryJobStore implements JobStore {

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, JobRecord> jobs = new LinkedHashMap<>();
  private final Map<String, Long> order = new LinkedHashMap<>();
  private long sequence;

  @Override
  public void insert(JobRecord job) {
    lock.lock();
    try {
      if (jobs.containsKey(job.id())
          || jobs.values().stream().anyMatch(j -> j.key().equals(job.key()))) {
        throw new IllegalStateException("duplicate job " + job.id());
      }
      jobs.put(job.id(), job);
      order.put(job.id(), sequence++);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void update(JobRecord job) {
    lock.lock();
    try {
      if (jobs.replace(job.id(), job) == null) {
        throw new IllegalStateException("unknown job " + job.id());
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void checkpoint(String id, RangeSet completed) {
    lock.lock();
    try {
      jobs.computeIfPresent(id, (k, j) -> j.withCompleted(completed));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<JobRecord> find(String id) {
    lock.lock();
    try {
      return Optional.ofNullable(jobs.get(id));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<JobRecord> findByKey(String key) {
    lock.lock();
    try {
      return jobs.values().stream().filter(j -> j.key().equals(key)).findFirst();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public List<JobRecord> list(Set<DownloadState> states, int offset, int limit) {
    lock.lock();
    try {
      List<JobRecord> all = new ArrayList<>();
      for (JobRecord j : jobs.values()) {
        if (states.isEmpty() || states.contains(j.state())) {
          all.add(j);
        }
      }
      all.sort(Comparator.comparing(JobRecord::priority).thenComparing(j -> order.get(j.id())));
      return List.copyOf(
          all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long count(Set<DownloadState> states) {
    lock.lock();
    try {
      return jobs.values().stream()
          .filter(j -> states.isEmpty() || states.contains(j.state()))
          .count();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String id) {
    lock.lock();
    try {
      jobs.remove(id);
      order.remove(id);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {}
}
