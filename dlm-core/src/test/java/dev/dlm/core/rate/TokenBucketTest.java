package dev.dlm.core.rate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

  @Test
  void holdsTheRateOverARun() {
    TokenBucket bucket = new TokenBucket(1 << 20);
    long started = System.nanoTime();

    for (int i = 0; i < 8; i++) {
      bucket.acquire(64 * 1024, () -> false);
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(seconds).as("512 KiB at 1 MiB/s").isBetween(0.45, 3.0);
  }

  @Test
  void unlimitedNeverWaits() {
    TokenBucket bucket = new TokenBucket(0);
    long started = System.nanoTime();

    for (int i = 0; i < 100_000; i++) {
      bucket.acquire(1 << 20, () -> false);
    }

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void aNewRateReachesAWaitingConnection() {
    TokenBucket bucket = new TokenBucket(1);
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> bucket.acquire(1 << 20, () -> false));

    bucket.setRate(0);

    await().atMost(Duration.ofSeconds(1)).until(waiting::isDone);
  }

  @Test
  void aCancelledWaitEnds() {
    TokenBucket bucket = new TokenBucket(1);
    var cancelled = new java.util.concurrent.atomic.AtomicBoolean();
    CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> bucket.acquire(1 << 20, cancelled::get));

    cancelled.set(true);

    await().atMost(Duration.ofSeconds(1)).until(waiting::isDone);
  }

  @Test
  void readsShrinkWithTheRateAndTheConnectionsSharingIt() {
    assertThat(new TokenBucket(0).readSize(65536)).isEqualTo(65536);
    TokenBucket bucket = new TokenBucket(32 * 1024);
    assertThat(bucket.readSize(65536)).isEqualTo(2048);
    bucket.enter();
    bucket.enter();
    assertThat(bucket.readSize(65536)).isEqualTo(1024);
    assertThat(new TokenBucket(1).readSize(65536)).isEqualTo(1024);
  }

  @Test
  void nothingIsGrantedBeforeItIsEarned() throws Exception {
    long rate = 1 << 20;
    TokenBucket bucket = new TokenBucket(rate);
    long started = System.nanoTime();
    java.util.concurrent.atomic.AtomicLong granted = new java.util.concurrent.atomic.AtomicLong();
    List<Thread> connections = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      connections.add(Thread.ofVirtual().start(() -> {
        for (int j = 0; j < 8; j++) {
          granted.addAndGet(bucket.acquire(16 * 1024, () -> false));
          double seconds = (System.nanoTime() - started) / 1e9;
          assertThat((double) granted.get()).isLessThanOrEqualTo(rate * seconds + 1);
        }
      }));
    }
    for (Thread connection : connections) {
      connection.join();
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    assertThat(granted.get()).isEqualTo(8 * 8 * 16 * 1024);
    assertThat(seconds).as("1 MiB at 1 MiB/s, paid before it is read").isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void anUnusedReservationIsRefunded() {
    TokenBucket bucket = new TokenBucket(16 * 1024);
    long granted = bucket.acquire(16 * 1024, () -> false);
    bucket.refund(granted);
    long started = System.nanoTime();

    bucket.acquire(16 * 1024, () -> false);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("paid by the refund, not by a second of waiting")
        .isLessThan(Duration.ofMillis(500));
  }
}
