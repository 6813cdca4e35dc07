package dev.dlm.core.segment;

import java.util.Arrays;

/**
 * An immutable set of disjoint, sorted, half-open byte ranges: the bytes of a file known to be
 * durable. It is the one resume model for every ranged protocol (aria2 keeps a bitfield of fixed
 * pieces; ranges cost nothing for large files and keep exact boundaries when work is stolen).
 *
 * <p>Stored as a flat {@code long[]} of {@code start0, end0, start1, end1, ...}.
 */
public final class RangeSet {

  private static final RangeSet EMPTY = new RangeSet(new long[0]);

  private final long[] bounds;

  private RangeSet(long[] bounds) {
    this.bounds = bounds;
  }

  public static RangeSet empty() {
    return EMPTY;
  }

  /** The single range {@code [start, end)}; empty when {@code start == end}. */
  public static RangeSet of(long start, long end) {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
    }
    return start == end ? EMPTY : new RangeSet(new long[] {start, end});
  }

  /** Rebuilds a set from {@link #toArray()}; validates order and disjointness. */
  public static RangeSet fromArray(long[] flat) {
    if (flat.length % 2 != 0) {
      throw new IllegalArgumentException("range bounds come in pairs");
    }
    RangeSet result = EMPTY;
    for (int i = 0; i < flat.length; i += 2) {
      result = result.union(of(flat[i], flat[i + 1]));
    }
    return result;
  }

  /** The flat {@code start, end} pairs, for storage. */
  public long[] toArray() {
    return bounds.clone();
  }

  public boolean isEmpty() {
    return bounds.length == 0;
  }

  public int rangeCount() {
    return bounds.length / 2;
  }

  public long start(int index) {
    return bounds[index * 2];
  }

  public long end(int index) {
    return bounds[index * 2 + 1];
  }

  /** The number of bytes covered. */
  public long coveredBytes() {
    long sum = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      sum += bounds[i + 1] - bounds[i];
    }
    return sum;
  }

  /** Whether every byte of {@code [start, end)} is in this set. */
  public boolean covers(long start, long end) {
    if (start >= end) {
      return true;
    }
    for (int i = 0; i < bounds.length; i += 2) {
      if (bounds[i] <= start && end <= bounds[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** This set plus {@code [start, end)}, merging adjacent and overlapping ranges. */
  public RangeSet add(long start, long end) {
    return union(of(start, end));
  }

  public RangeSet union(RangeSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    long[] all = new long[bounds.length + other.bounds.length];
    int n = 0;
    int i = 0;
    int j = 0;
    while (i < bounds.length || j < other.bounds.length) {
      long s;
      long e;
      if (j >= other.bounds.length || (i < bounds.length && bounds[i] <= other.bounds[j])) {
        s = bounds[i];
        e = bounds[i + 1];
        i += 2;
      } else {
        s = other.bounds[j];
        e = other.bounds[j + 1];
        j += 2;
      }
      if (n > 0 && s <= all[n - 1]) {
        all[n - 1] = Math.max(all[n - 1], e);
      } else {
        all[n++] = s;
        all[n++] = e;
      }
    }
    return new RangeSet(Arrays.copyOf(all, n));
  }

  /** The parts of {@code [0, lengthBytes)} not in this set, in order. */
  public RangeSet missing(long lengthBytes) {
    long[] out = new long[bounds.length + 2];
    int n = 0;
    long cursor = 0;
    for (int i = 0; i < bounds.length && cursor < lengthBytes; i += 2) {
      if (bounds[i] > cursor) {
        out[n++] = cursor;
        out[n++] = Math.min(bounds[i], lengthBytes);
      }
      cursor = Math.max(cursor, bounds[i + 1]);
    }
    if (cursor < lengthBytes) {
      out[n++] = cursor;
      out[n++] = lengthBytes;
    }
    return new RangeSet(Arrays.copyOf(out, n));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RangeSet other && Arrays.equals(bounds, other.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < bounds.length; i += 2) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(bounds[i]).append(", ").append(bounds[i + 1]).append(')');
    }
    return sb.append('}').toString();
  }
}
