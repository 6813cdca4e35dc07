package dev.dlm.core.store;

import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The engine's port to durable job state. The embedded implementation is SQLite; a shared one
 * (PostgreSQL with leases) can follow without touching the engine.
 *
 * <p>Every method is atomic, and its effect survives a crash of the process (kill -9) once it
 * returns: after a crash, the store holds either the state before a call or the state after it.
 * Power loss may drop the latest calls, but only from the end: the store then holds the state after
 * some earlier call, never a mixture. The engine relies on nothing more: it forces a download's
 * bytes before {@link #checkpoint} records them and moves a finished file into place before
 * recording it complete, so a lost call loses progress, never correctness. An implementation may
 * therefore defer forcing its log (SQLite's WAL with {@code synchronous=NORMAL}). Implementations
 * are thread-safe.
 */
public interface JobStore extends AutoCloseable {

  /** Adds a new job; fails if its id or key is taken. */
  void insert(JobRecord job);

  /** Replaces the stored job with the same id. */
  void update(JobRecord job);

  /**
   * Records that {@code completed} is durable on disk for job {@code id}. Called about once a second
   * per active download, after the bytes were forced; must be cheap and atomic.
   */
  void checkpoint(String id, RangeSet completed);

  Optional<JobRecord> find(String id);

  Optional<JobRecord> findByKey(String key);

  /**
   * One page of jobs in the given states (all states when empty), in queue order: priority high to
   * low, then oldest first.
   */
  List<JobRecord> list(Set<DownloadState> states, int offset, int limit);

  /** How many jobs are in the given states (all when empty). */
  long count(Set<DownloadState> states);

  /** Deletes the job; no-op if unknown. */
  void delete(String id);

  @Override
  void close();
}
