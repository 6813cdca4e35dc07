package dev.dlm.spi;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected checksum of a whole file: from the user ({@code --checksum sha-256=HEX}) or advertised by
 * the source (HTTP {@code Digest}/{@code Content-MD5}, S3 checksums, Metalink).
 *
 * @param algorithm a {@link java.security.MessageDigest} name: {@code SHA-256}, {@code SHA-1}, {@code
 *     SHA-512} or {@code MD5}
 * @param expected the digest bytes
 */
public record ContentDigest(String algorithm, byte[] expected) {

  public ContentDigest {
    Objects.requireNonNull(algorithm, "algorithm");
    expected = expected.clone();
  }

  /**
   * Parses the command-line form {@code ALGO=HEX} where ALGO is one of {@code sha-256}, {@code
   * sha-1}, {@code sha-512}, {@code md5} (case-insensitive, the dash optional).
   */
  public static ContentDigest parse(String text) {
    int eq = text.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException(
          "a checksum must look like ALGO=HEX (for example sha-256=9f86d0...), got '" + text + "'");
    }
    String algorithm = canonicalAlgorithm(text.substring(0, eq));
    String hex = text.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
    byte[] bytes;
    try {
      bytes = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the checksum value is not hexadecimal: '" + hex + "'");
    }
    int wanted = digestLength(algorithm);
    if (bytes.length != wanted) {
      throw new IllegalArgumentException(
          algorithm + " checksums have " + (wanted * 2) + " hex digits, got " + hex.length());
    }
    return new ContentDigest(algorithm, bytes);
  }

  /** Maps user spellings ({@code sha256}, {@code SHA-256}, {@code md5}) to the JDK name. */
  public static String canonicalAlgorithm(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
      case "sha256" -> "SHA-256";
      case "sha1" -> "SHA-1";
      case "sha512" -> "SHA-512";
      case "md5" -> "MD5";
      default ->
          throw new IllegalArgumentException(
              "unknown checksum algorithm '" + name + "'; use sha-256, sha-1, sha-512 or md5");
    };
  }

  private static int digestLength(String algorithm) {
    return switch (algorithm) {
      case "SHA-256" -> 32;
      case "SHA-1" -> 20;
      case "SHA-512" -> 64;
      case "MD5" -> 16;
      default -> throw new IllegalArgumentException(algorithm);
    };
  }

  @Override
  public byte[] expected() {
    return expected.clone();
  }

  public String expectedHex() {
    return HexFormat.of().formatHex(expected);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ContentDigest other
        && algorithm.equals(other.algorithm)
        && java.util.Arrays.equals(expected, other.expected);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(expected);
  }

  @Override
  public String toString() {
    return algorithm.toLowerCase(Locale.ROOT) + "=" + expectedHex();
  }
}
