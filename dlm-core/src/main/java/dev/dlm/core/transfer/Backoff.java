package dev.dlm.core.transfer;

import dev.dlm.core.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with full jitter; a server's Retry-After wins when it is longer. */
final class Backoff {

  private Backoff() {}

  /** The wait before try {@code attempt + 1}, where {@code attempt >= 1} tries have failed. */
  static Duration delay(RetryPolicy policy, int attempt, Optional<Duration> retryAfter) {
    long baseNanos = Math.max(1, policy.baseDelay().toNanos());
    long ceilingNanos = Math.max(baseNanos, policy.maxDelay().toNanos());
    int shift = Math.min(attempt - 1, 30);
    long capNanos = baseNanos > (ceilingNanos >> shift) ? ceilingNanos : baseNanos << shift;
    Duration jittered = Duration.ofNanos(ThreadLocalRandom.current().nextLong(capNanos + 1));
    return retryAfter.filter(wait -> wait.compareTo(jittered) > 0).orElse(jittered);
  }
}
