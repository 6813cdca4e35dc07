package dev.dlm.core.event;

import java.util.function.Consumer;

/**
 * Publishes engine events to subscribers without ever blocking the publisher: each subscriber has its
 * own queue and its own virtual thread, and progress samples for a download that a slow subscriber has
 * not yet taken are replaced by newer ones. A subscriber that throws is logged and kept.
 */
public interface EventBus {

  /** Registers {@code listener}; events published after this call reach it in order. */
  Subscription subscribe(Consumer<? super DownloadEvent> listener);

  /** Hands {@code event} to every subscriber and returns at once. */
  void publish(DownloadEvent event);

  /** Ends a subscription; events still queued for it are dropped. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
