package dev.dlm.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The API token kept in the home: 256 random bits, generated once and reused across restarts. */
final class Token {

  private Token() {}

  /** The token in {@code file}, or a new one written there with mode 0600. */
  static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        String token = Files.readString(file).strip();
        if (!token.isEmpty()) {
          return token;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the token " + file + ": " + e.getMessage(), e);
    }
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    DaemonHome.writeOwnerOnly(file, token + "\n");
    return token;
  }
}
