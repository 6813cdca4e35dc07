package dev.dlm.core.event;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's {@link EventBus}: one mailbox and one virtual thread per subscriber.
 *
 * <p>A mailbox is a FIFO of events in which a {@link DownloadEvent.Progress} occupies one slot per
 * download: a newer sample for a download whose sample is still queued replaces it in place, so a
 * slow subscriber sees fewer, fresher samples and every other event in order, and its queue grows
 * only with the (rare) non-progress events. {@link #publish} takes each mailbox's lock just long
 * enough to append; it never waits for a subscriber.
 */
public final class QueuedEventBus implements EventBus, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(QueuedEventBus.class);

  private final List<Mailbox> mailboxes = new CopyOnWriteArrayList<>();

  @Override
  public Subscription subscribe(Consumer<? super DownloadEvent> listener) {
    Mailbox mailbox = new Mailbox(listener);
    mailboxes.add(mailbox);
    Thread.ofVirtual().name("dlm-events").start(mailbox::deliver);
    return () -> {
      mailboxes.remove(mailbox);
      mailbox.close();
    };
  }

  @Override
  public void publish(DownloadEvent event) {
    for (Mailbox mailbox : mailboxes) {
      mailbox.offer(event);
    }
  }

  /** Ends every subscription. */
  @Override
  public void close() {
    for (Mailbox mailbox : mailboxes) {
      mailbox.close();
    }
    mailboxes.clear();
  }

  private static final class Mailbox {
    private final Consumer<? super DownloadEvent> listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition filled = lock.newCondition();
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // guarded by lock
    private final Map<String, DownloadEvent.Progress> latest = new HashMap<>(); // guarded by lock
    private boolean closed; // guarded by lock

    Mailbox(Consumer<? super DownloadEvent> listener) {
      this.listener = listener;
    }

    void offer(DownloadEvent event) {
      lock.lock();
      try {
        if (closed) {
          return;
        }
        if (event instanceof DownloadEvent.Progress progress) {
          if (latest.put(progress.id(), progress) == null) {
            queue.add(new ProgressSlot(progress.id()));
          }
        } else {
          queue.add(event);
        }
        filled.signal();
      } finally {
        lock.unlock();
      }
    }

    void close() {
      lock.lock();
      try {
        closed = true;
        queue.clear();
        latest.clear();
        filled.signal();
      } finally {
        lock.unlock();
      }
    }

    void deliver() {
      while (true) {
        DownloadEvent next;
        lock.lock();
        try {
          while (queue.isEmpty() && !closed) {
            filled.awaitUninterruptibly();
          }
          if (closed) {
            return;
          }
          Object head = queue.poll();
          next = head instanceof ProgressSlot slot ? latest.remove(slot.id()) : (DownloadEvent) head;
        } finally {
          lock.unlock();
        }
        try {
          listener.accept(next);
        } catch (RuntimeException e) {
          LOG.warn("an event subscriber failed on {}; it stays subscribed", next.getClass().getSimpleName(), e);
        }
      }
    }
  }

  private record ProgressSlot(String id) {}
}
