package dev.dlm.core;

import java.time.Duration;

/**
 * Exponential backoff with full jitter for transient errors; a server's Retry-After wins when longer.
 *
 * @param maxAttempts tries of one part (or probe) before the download fails; at least 1
 * @param baseDelay the delay before the second try
 * @param maxDelay the ceiling of any delay
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(5, Duration.ofMillis(500), Duration.ofSeconds(30));
  }
}
