package dev.dlm.core;

import dev.dlm.spi.ProtocolContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine-wide settings, validated once.
 *
 * @param protocol what every protocol is created with
 * @param maxConnectionsPerDownload the ceiling of automatic connection counts (and of {@code -x})
 * @param minSegmentBytes parts are never planned or split below this size
 * @param checkpointInterval at most this much time passes between durable checkpoints of a download
 * @param checkpointBytesPerConnection a checkpoint is also taken once any connection has written this
 *     much since the last one
 * @param retry how parts and probes are retried after transient errors
 * @param lowSpeedBytesPerSecond a connection slower than this for {@code lowSpeedTime} is dropped
 *     and its part retried (0 disables)
 * @param lowSpeedTime see {@code lowSpeedBytesPerSecond}
 * @param globalLimitBytesPerSecond a cap on all downloads together (0 = unlimited)
 * @param clock the time source
 * @param maxConnections the global connection budget: connections open at once across every
 *     download and host (0 = no budget beyond {@code ProtocolContext.maxConnectionsPerHost})
 */
public record EngineConfig(
    ProtocolContext protocol,
    int maxConnectionsPerDownload,
    long minSegmentBytes,
    Duration checkpointInterval,
    long checkpointBytesPerConnection,
    RetryPolicy retry,
    long lowSpeedBytesPerSecond,
    Duration lowSpeedTime,
    long globalLimitBytesPerSecond,
    Clock clock,
    int maxConnections) {

  public EngineConfig {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(lowSpeedTime, "lowSpeedTime");
    Objects.requireNonNull(clock, "clock");
    if (maxConnectionsPerDownload < 1) {
      throw new IllegalArgumentException("maxConnectionsPerDownload must be at least 1");
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must not be negative");
    }
  }

  /** The defaults of {@code dlm get}: up to 16 connections, checkpoints every second or 4 MiB. */
  public static EngineConfig defaults(ProtocolContext protocol) {
    return new EngineConfig(
        protocol,
        16,
        1L << 20,
        Duration.ofSeconds(1),
        4L << 20,
        RetryPolicy.defaults(),
        1024,
        Duration.ofSeconds(60),
        0,
        protocol.clock(),
        0);
  }
}
