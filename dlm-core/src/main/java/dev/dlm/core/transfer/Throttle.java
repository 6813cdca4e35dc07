package dev.dlm.core.transfer;

import dev.dlm.core.rate.TokenBucket;
import java.util.function.BooleanSupplier;

/**
 * A download's bucket nested under the engine's: a read is paid for in both before it happens, and
 * what it did not use goes back to both.
 */
record Throttle(TokenBucket download, TokenBucket global) {

  /** Pays for up to {@code bytes}; returns how many may be read, 0 when {@code cancelled}. */
  long acquire(long bytes, BooleanSupplier cancelled) {
    long granted = download.acquire(bytes, cancelled);
    if (granted == 0) {
      return 0;
    }
    if (global.acquire(granted, cancelled) == 0) {
      download.refund(granted);
      return 0;
    }
    return granted;
  }

  void refund(long bytes) {
    download.refund(bytes);
    global.refund(bytes);
  }

  void enter() {
    download.enter();
    global.enter();
  }

  void leave() {
    download.leave();
    global.leave();
  }

  int readSize(int bufferBytes) {
    return Math.min(download.readSize(bufferBytes), global.readSize(bufferBytes));
  }

  boolean limited() {
    return download.rateBytesPerSecond() > 0 || global.rateBytesPerSecond() > 0;
  }
}
