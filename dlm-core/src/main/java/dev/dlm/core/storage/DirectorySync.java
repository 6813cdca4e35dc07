package dev.dlm.core.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes directory entries durable with as few directory syncs as the callers allow: a group commit.
 * A caller that has just renamed a finished file into a directory asks for a sync and returns once a
 * sync of that directory <em>started after its request</em> has completed. While one sync runs, the
 * requests that arrive queue up and the next sync covers them all, so sixteen downloads of a {@code
 * dlm get -i} that finish together pay for one or two syncs instead of sixteen, and none returns
 * before its own rename is durable. No lock is held while syncing.
 */
final class DirectorySync {

  private final Syncer syncer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition synced = lock.newCondition();
  private Set<Path> pending = new LinkedHashSet<>(); // guarded by lock
  private long requested; // guarded by lock
  private long completed; // guarded by lock
  private boolean syncing; // guarded by lock

  DirectorySync(Syncer syncer) {
    this.syncer = syncer;
  }

  /** The real thing: {@code fsync} on the directory, best effort where a directory cannot be opened. */
  static DirectorySync files() {
    return new DirectorySync(DirectorySync::force);
  }

  /** Returns once every entry made in {@code directory} before this call is durable. */
  void sync(Path directory) {
    lock.lock();
    try {
      pending.add(directory);
      long mine = ++requested;
      while (completed < mine) {
        if (syncing) {
          synced.awaitUninterruptibly();
          continue;
        }
        syncing = true;
        Set<Path> batch = pending;
        pending = new LinkedHashSet<>();
        long covered = requested;
        lock.unlock();
        try {
          batch.forEach(syncer::sync);
        } finally {
          lock.lock();
          completed = covered;
          syncing = false;
          synced.signalAll();
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private static void force(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // best effort: Windows cannot open directories
    }
  }

  /** One directory sync; a seam for tests that count them. */
  @FunctionalInterface
  interface Syncer {
    void sync(Path directory);
  }
}
