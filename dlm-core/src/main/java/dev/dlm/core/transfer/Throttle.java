package dev.dlm.core.transfer;

import dev.dlm.core.rate.TokenBucket;
import java.util.function.BooleanSupplier;

/** A download's bucket nested under the engine's: a read pays both. */
record Throttle(TokenBucket download, TokenBucket global) {

  void acquire(long bytes, BooleanSupplier cancelled) {
    download.acquire(bytes, cancelled);
    global.acquire(bytes, cancelled);
  }

  int readSize(int bufferBytes) {
    return Math.min(download.readSize(bufferBytes), global.readSize(bufferBytes));
  }

  boolean limited() {
    return download.rateBytesPerSecond() > 0 || global.rateBytesPerSecond() > 0;
  }
}
