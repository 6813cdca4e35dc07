package dev.dlm.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random content. Tests name data by (seed, size) instead of committing files,
 * and compare downloads by SHA-256 instead of holding two copies in memory.
 */
public final class TestData {

  private TestData() {}

  /** {@code sizeBytes} bytes that depend only on {@code seed}. */
  public static byte[] bytes(long seed, int sizeBytes) {
    byte[] data = new byte[sizeBytes];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < sizeBytes; i += 8) {
      long value = random.nextLong();
      for (int j = 0; j < 8 && i + j < sizeBytes; j++) {
        data[i + j] = (byte) (value >>> (8 * j));
      }
    }
    return data;
  }

  /** The lower-case hex SHA-256 of {@code data}. */
  public static String sha256(byte[] data) {
    return HexFormat.of().formatHex(digest("SHA-256", data));
  }

  /** The raw digest of {@code data} under a {@link MessageDigest} algorithm name. */
  public static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException(algorithm, e);
    }
  }
}
