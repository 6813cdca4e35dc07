package dev.dlm.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectorySyncTest {

  private static final Path DIRECTORY = Path.of("downloads");

  @Test
  void aCallReturnsOnlyAfterASyncThatBeganAfterIt() throws Exception {
    CountDownLatch firstSyncRunning = new CountDownLatch(1);
    CountDownLatch releaseFirstSync = new CountDownLatch(1);
    List<String> log = new CopyOnWriteArrayList<>();
    AtomicInteger syncs = new AtomicInteger();
    DirectorySync sync = new DirectorySync(directory -> {
      int n = syncs.incrementAndGet();
      log.add("sync " + n + " began");
      if (n == 1) {
        firstSyncRunning.countDown();
        await(releaseFirstSync);
      }
      log.add("sync " + n + " ended");
    });
    Thread first = Thread.ofVirtual().start(() -> sync.sync(DIRECTORY));
    await(firstSyncRunning);

    Thread second = Thread.ofVirtual().start(() -> {
      sync.sync(DIRECTORY);
      log.add("second returned");
    });
    while (second.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    releaseFirstSync.countDown();
    first.join();
    second.join();

    assertThat(log).containsSubsequence("sync 1 ended", "sync 2 began", "sync 2 ended", "second returned");
  }

  @Test
  void callsThatArriveDuringASyncShareTheNextOne() throws Exception {
    CountDownLatch firstSyncRunning = new CountDownLatch(1);
    CountDownLatch releaseFirstSync = new CountDownLatch(1);
    AtomicInteger syncs = new AtomicInteger();
    DirectorySync sync = new DirectorySync(directory -> {
      if (syncs.incrementAndGet() == 1) {
        firstSyncRunning.countDown();
        await(releaseFirstSync);
      }
    });
    Thread first = Thread.ofVirtual().start(() -> sync.sync(DIRECTORY));
    await(firstSyncRunning);
    List<Thread> waiting = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      waiting.add(Thread.ofVirtual().start(() -> sync.sync(DIRECTORY)));
    }
    for (Thread thread : waiting) {
      while (thread.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
    }

    releaseFirstSync.countDown();
    first.join();
    for (Thread thread : waiting) {
      thread.join();
    }

    // one sync for the first call and one for the fifteen that queued; a third at most, should a
    // waiter have been seen parked on the lock rather than on the condition
    assertThat(syncs.get()).isBetween(2, 3);
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
