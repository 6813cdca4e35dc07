package dev.dlm.it.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A file of pseudo-random bytes generated from a seed, so large test data is never committed and
 * every run serves the same bytes; its SHA-256 is computed while writing.
 *
 * @param path where it was written
 * @param sizeBytes its length
 * @param sha256 lower-case hex SHA-256 of its content
 */
public record SeededFile(Path path, long sizeBytes, String sha256) {

  private static final int CHUNK_BYTES = 1 << 20;

  /** Writes {@code sizeBytes} bytes derived from {@code seed} to {@code path}. */
  public static SeededFile write(Path path, long sizeBytes, long seed) {
    MessageDigest digest = sha256Digest();
    SplittableRandom random = new SplittableRandom(seed);
    byte[] chunk = new byte[CHUNK_BYTES];
    try {
      Files.createDirectories(path.getParent());
      try (OutputStream out = Files.newOutputStream(path)) {
        for (long left = sizeBytes; left > 0; left -= chunk.length) {
          int length = (int) Math.min(chunk.length, left);
          random.nextBytes(chunk);
          digest.update(chunk, 0, length);
          out.write(chunk, 0, length);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SeededFile(path, sizeBytes, HexFormat.of().formatHex(digest.digest()));
  }

  /** The lower-case hex SHA-256 of a file, to compare a download with its source. */
  public static String sha256Of(Path file) {
    MessageDigest digest = sha256Digest();
    byte[] buffer = new byte[CHUNK_BYTES];
    try (var in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Asserts that {@code dir} holds this file under its own name, intact, and nothing else: a resumed
   * download finished into the same file and left no partial file or copy behind.
   */
  public void assertOnlyFileIn(Path dir) {
    Path downloaded = dir.resolve(name());
    assertThat(sha256Of(downloaded)).as("SHA-256 of %s", downloaded).isEqualTo(sha256);
    try (var left = Files.list(dir)) {
      assertThat(left).as("resumed into the same file, nothing left behind").containsExactly(downloaded);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file's name, as it appears in a URL path. */
  public String name() {
    return path.getFileName().toString();
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
