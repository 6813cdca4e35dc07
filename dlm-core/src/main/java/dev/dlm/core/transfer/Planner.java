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
 * minimum-sized segments, up to the cap; a protocol may lower an automatic count for its own sources
 * (SFTP: one session already pipelines megabytes). Parts are at most 8 MiB, handed out in file
 * order, and never below the minimum segment size.
 */
final class Planner {

  static final int HARD_MAX_CONNECTIONS = 16;

  /**
   * The largest part planned. SHA-256 is sequential, so the trailing hasher can only follow the
   * contiguous written prefix; with one part per connection that prefix stays at the first part's
   * progress until every part ends together, and the whole file is hashed after the last byte
   * arrived (1 GiB: 1.3 s of waiting after the transfer). With parts of at most 8 MiB handed out in
   * file order, at most about one part per connection is left to hash at the end (16 connections:
   * 128 MiB, about 0.1 s), at the price of one request per 8 MiB on each connection.
   */
  static final long MAX_PART_BYTES = 8L << 20;

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

  /**
   * Parts covering {@code missing}: at least about {@code connections} of them, none above {@link
   * #MAX_PART_BYTES} unless the minimum says so, none below {@code minBytes}. The scheduler hands
   * them out in file order, so the connections move through the file together and the written
   * prefix that the trailing hasher follows stays close behind them.
   *
   * <p>One connection gets one part per missing range: it writes in file order anyway, so smaller
   * parts would buy the hasher nothing and cost a new request per part, and with it the drained
   * pipeline of a protocol that reads ahead (SFTP: a file handle opened and closed and 8 MiB of
   * read requests refilled from empty, 128 times per GiB).
   */
  static List<Part> parts(RangeSet missing, int connections, long minBytes) {
    long perConnection = ceilDiv(missing.coveredBytes(), Math.max(1, connections));
    long perPart = Math.max(Math.max(1, minBytes), Math.min(perConnection, MAX_PART_BYTES));
    List<Part> parts = new ArrayList<>();
    for (int i = 0; i < missing.rangeCount(); i++) {
      long start = missing.start(i);
      long end = missing.end(i);
      while (connections > 1 && (end - start >= 2 * perPart || (end - start > perPart && end - start - perPart >= minBytes))) {
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
