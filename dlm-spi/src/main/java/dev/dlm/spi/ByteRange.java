package dev.dlm.spi;

/**
 * A half-open byte range {@code [startByte, endByte)} of a resource; {@code endByte == -1} means "to
 * the end", for resources of unknown length or a single stream.
 */
public record ByteRange(long startByte, long endByte) {

  public ByteRange {
    if (startByte < 0) {
      throw new IllegalArgumentException("startByte must not be negative");
    }
    if (endByte != -1 && endByte < startByte) {
      throw new IllegalArgumentException("endByte must be -1 or at least startByte");
    }
  }

  /** The whole resource from its first byte. */
  public static ByteRange all() {
    return new ByteRange(0, -1);
  }

  public boolean bounded() {
    return endByte >= 0;
  }

  /** Whether this is the whole resource, so no range needs to be requested. */
  public boolean isAll() {
    return startByte == 0 && endByte == -1;
  }

  /** The length, or {@code -1} when unbounded. */
  public long lengthBytes() {
    return bounded() ? endByte - startByte : -1;
  }
}
