package dev.dlm.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class QueuedEventBusTest {

  private static DownloadEvent.Progress progress(String id, long bytes) {
    return new DownloadEvent.Progress(id, new DownloadSnapshot(
        id, DownloadState.ACTIVE, Optional.empty(), 100, bytes, 0, Optional.empty(), 1, List.of(), Optional.empty()));
  }

  @Test
  void aSlowSubscriberNeverBlocksThePublisherAndGetsTheLatestProgress() throws Exception {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      CountDownLatch release = new CountDownLatch(1);
      List<DownloadEvent> got = new CopyOnWriteArrayList<>();
      bus.subscribe(event -> {
        got.add(event);
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      List<DownloadEvent> fast = new CopyOnWriteArrayList<>();
      bus.subscribe(fast::add);

      long started = System.nanoTime();
      for (int i = 0; i <= 100_000; i++) {
        bus.publish(progress("a", i));
      }
      bus.publish(new DownloadEvent.StateChanged("a", DownloadState.ACTIVE, DownloadState.COMPLETE));
      Duration publishing = Duration.ofNanos(System.nanoTime() - started);
      release.countDown();

      assertThat(publishing).isLessThan(Duration.ofSeconds(5));
      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() >= 2 && got.getLast() instanceof DownloadEvent.StateChanged);
      assertThat(got.size()).isLessThan(10);
      DownloadEvent beforeLast = got.get(got.size() - 2);
      assertThat(beforeLast).isInstanceOf(DownloadEvent.Progress.class);
      assertThat(((DownloadEvent.Progress) beforeLast).snapshot().completedBytes()).isEqualTo(100_000);
      await().atMost(Duration.ofSeconds(5)).until(() -> !fast.isEmpty() && fast.getLast() instanceof DownloadEvent.StateChanged);
    }
  }

  @Test
  void aThrowingSubscriberStaysSubscribed() {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      List<DownloadEvent> got = new CopyOnWriteArrayList<>();
      bus.subscribe(event -> {
        got.add(event);
        throw new IllegalStateException("boom");
      });

      bus.publish(new DownloadEvent.Restarted("a", "one"));
      bus.publish(new DownloadEvent.Restarted("a", "two"));

      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
    }
  }

  @Test
  void progressOfDifferentDownloadsIsNotMerged() {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      CountDownLatch release = new CountDownLatch(1);
      List<DownloadEvent> got = new CopyOnWriteArrayList<>();
      bus.subscribe(event -> {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        got.add(event);
      });
      bus.publish(new DownloadEvent.Restarted("x", "hold the subscriber"));
      bus.publish(progress("a", 1));
      bus.publish(progress("b", 1));
      bus.publish(progress("a", 2));

      release.countDown();

      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
      assertThat(got.subList(1, 3)).extracting(DownloadEvent::id).containsExactly("a", "b");
      assertThat(((DownloadEvent.Progress) got.get(1)).snapshot().completedBytes()).isEqualTo(2);
    }
  }

  @Test
  void aClosedSubscriptionGetsNothingMore() {
    try (QueuedEventBus bus = new QueuedEventBus()) {
      List<DownloadEvent> got = new CopyOnWriteArrayList<>();
      EventBus.Subscription subscription = bus.subscribe(got::add);
      bus.publish(new DownloadEvent.Restarted("a", "one"));
      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 1);

      subscription.close();
      bus.publish(new DownloadEvent.Restarted("a", "two"));

      assertThat(got).hasSize(1);
    }
  }
}
