package dev.dlm.core.transfer;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Short random job ids: 12 hex digits, easy to type, collisions negligible for a job list. */
final class JobIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private JobIds() {}

  static String next() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
