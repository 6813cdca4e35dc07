package dev.dlm.core.transfer;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.segment.RangeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Splits what is missing of a file into parts for the connections. Small files get one connection
 * (a second TCP and TLS handshake costs more than it saves); from there one connection per two
 * minimum-sized segments, up to the cap; a protocol may lower an automatic count for its own
 * sources (SFTP: one session already pipelines megabytes). Parts are never planned below the minimum segment size.
 */
final class Planner {

  static final int HARD_MAX_CONNECTIONS = 16;

  private Planner() {}

  static int connections(EngineConfig config, DownloadRequest request, long missingBytes, boolean splittable, OptionalInt preferred) {
    if (!splittable) {
      return 1;
    }
    int cap = request.maxConnections() > 0 ? request.maxConnections() : config.maxConnectionsPerDownload();
    if (request.maxConnections() == 0 && preferred.isPresent()) {
      cap = Math.min(cap, preferred.getAsInt());
    }
    cap = Math.max(1, Math.min(cap, HARD_MAX_CONNECTIONS));
    long bySize = missingBytes / (2 * Math.max(1, config.minSegmentBytes()));
    return (int) Math.max(1, Math.min(cap, bySize));
  }

  /**
   * The fewest connections any source's protocol finds worth using ({@link
   * dev.dlm.spi.Protocol#preferredConnections}), or empty when none has an opinion. It caps only an
   * automatic count: a count the user chose is kept.
   */
  static OptionalInt preferredConnections(List<Origin> origins) {
    return origins.stream()
        .map(o -> o.protocol().preferredConnections(o.source(), o.resource()))
        .filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt)
        .map(n -> Math.max(1, n))
        .min();
  }

  /** Parts covering {@code missing}: about {@code connections} of them, none below {@code minBytes}. */
  static List<Part> parts(RangeSet missing, int connections, long minBytes) {
    long perPart = Math.max(Math.max(1, minBytes), ceilDiv(missing.coveredBytes(), Math.max(1, connections)));
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < missing.rangeCount(); i++) {
      long start = missing.start(i);
      long end = missing.end(i);
      while (end - start >= 2 * perPart || (end - start > perPart && end - start - perPart >= minBytes)) {
        parts.add(new Part(start, start + perPart));
        start += perPart;
      }
      parts.add(new Part(start, end));
    }
    return parts;
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }
}
