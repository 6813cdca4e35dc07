package dev.dlm.store.sqlite;

import dev.dlm.core.segment.RangeSet;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;

/**
 * Completed ranges as a BLOB: the {@code long[]} of {@link RangeSet#toArray()} in little-endian
 * order, 16 bytes per range. A checkpoint rewrites it about once a second per download, so it stays
 * as small and cheap to encode as the ranges themselves.
 */
final class RangeBlob {

  private RangeBlob() {}

  static byte[] encode(RangeSet ranges) {
    long[] bounds = ranges.toArray();
    ByteBuffer buffer = ByteBuffer.allocate(bounds.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(bounds);
    return buffer.array();
  }

  /** Decodes {@link #encode}; SQLite hands back an empty BLOB as {@code null}. */
  static RangeSet decode(byte[] blob) {
    if (blob == null || blob.length == 0) {
      return RangeSet.empty();
    }
    if (blob.length % (2 * Long.BYTES) != 0) {
      throw new IllegalArgumentException(
          "completed ranges are " + blob.length + " bytes, not a whole number of ranges");
    }
    LongBuffer longs = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    long[] bounds = new long[longs.remaining()];
    longs.get(bounds);
    return RangeSet.fromArray(bounds);
  }
}
