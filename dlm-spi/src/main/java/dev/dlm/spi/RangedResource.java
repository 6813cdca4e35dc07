package dev.dlm.spi;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A single file whose bytes can be fetched, possibly by ranges.
 *
 * @param location where the bytes are, after redirects (later requests go here)
 * @param lengthBytes the total length, or {@code -1} when the server does not say
 * @param rangeable whether ranged reads work (the engine then splits and resumes)
 * @param validator what identifies this version of the remote file, for resume
 * @param fileName the name the server suggests (Content-Disposition, or the last path segment);
 *     unsanitised: the engine sanitises it before use
 * @param digest a checksum the server advertises for the whole file, verified at the end
 */
public record RangedResource(
    URI location,
    long lengthBytes,
    boolean rangeable,
    Validator validator,
    Optional<String> fileName,
    Optional<ContentDigest> digest)
    implements Resource {

  public RangedResource {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(validator, "validator");
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(digest, "digest");
    if (lengthBytes < -1) {
      throw new IllegalArgumentException("lengthBytes must be -1 (unknown) or more");
    }
  }

  public boolean lengthKnown() {
    return lengthBytes >= 0;
  }
}
