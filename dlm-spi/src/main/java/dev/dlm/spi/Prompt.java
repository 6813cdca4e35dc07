package dev.dlm.spi;

import java.util.Optional;

/**
 * Asks the person at the terminal for a secret (a password, a key passphrase) when a protocol needs
 * one and none was configured. Headless runs (the daemon, scripts) use {@link #none()}, so a protocol
 * fails with {@link ErrorKind#AUTH_FAILED} instead of hanging.
 */
@FunctionalInterface
public interface Prompt {

  /** Shows {@code question} and returns the typed secret, or empty when nobody can answer. */
  Optional<char[]> secret(String question);

  static Prompt none() {
    return question -> Optional.empty();
  }
}
