package dev.dlm.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C through {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported and supported in
 * practice on every JDK).
 *
 * <p>Why not a shutdown hook: once SIGINT has started the JVM's shutdown, a second SIGINT is
 * ignored, so "a second Ctrl-C exits immediately" cannot be built on hooks; the exit code would be
 * the JVM's and the command could not print its own message after the downloads stopped. A signal
 * handler lets the first press ask the downloads to stop (each writes its final checkpoint) while the
 * command finishes normally with exit code 130, and lets the second press {@link Runtime#halt} at
 * once: the durable checkpoint on disk is the resume point either way, so nothing is lost.
 */
final class SignalInterrupts implements Interrupts {

  static final int HALT_EXIT_CODE = 130;

  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger presses = new AtomicInteger();
  private Runnable action;
  private SignalHandler previous;

  @Override
  public Registration onInterrupt(Runnable onFirst) {
    lock.lock();
    try {
      action = onFirst;
      presses.set(0);
      previous = Signal.handle(new Signal("INT"), this::pressed);
      if (previous == SignalHandler.SIG_IGN) {
        // Started with SIGINT ignored (a background job of a script, nohup): keep ignoring it,
        // as every POSIX program does.
        Signal.handle(new Signal("INT"), previous);
        previous = null;
      }
    } finally {
      lock.unlock();
    }
    return this::release;
  }

  private void pressed(Signal signal) {
    if (presses.incrementAndGet() > 1) {
      Runtime.getRuntime().halt(HALT_EXIT_CODE);
    }
    Runnable first;
    lock.lock();
    try {
      first = action;
    } finally {
      lock.unlock();
    }
    if (first != null) {
      Thread.ofVirtual().name("dlm-interrupt").start(first);
    }
  }

  private void release() {
    lock.lock();
    try {
      if (previous != null) {
        Signal.handle(new Signal("INT"), previous);
        previous = null;
      }
      action = null;
    } finally {
      lock.unlock();
    }
  }
}
