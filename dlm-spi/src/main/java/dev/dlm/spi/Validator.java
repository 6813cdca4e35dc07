package dev.dlm.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What identifies one version of a remote file, so a resume never splices two versions together.
 *
 * @param etag an opaque entity tag (HTTP ETag, S3 ETag), empty if none
 * @param lastModified the modification time as the server states it (HTTP Last-Modified, FTP MDTM,
 *     SFTP mtime), kept verbatim, empty if none
 * @param lengthBytes the length, or {@code -1} if unknown
 */
public record Validator(Optional<String> etag, Optional<String> lastModified, long lengthBytes) {

  public Validator {
    Objects.requireNonNull(etag, "etag");
    Objects.requireNonNull(lastModified, "lastModified");
  }

  public static Validator none(long lengthBytes) {
    return new Validator(Optional.empty(), Optional.empty(), lengthBytes);
  }

  /** Whether a resume may trust that {@code current} is the same file as this earlier probe. */
  public boolean sameVersionAs(Validator current) {
    if (lengthBytes >= 0 && current.lengthBytes >= 0 && lengthBytes != current.lengthBytes) {
      return false;
    }
    if (etag.isPresent() && current.etag.isPresent()) {
      return weakless(etag.get()).equals(weakless(current.etag.get()));
    }
    if (lastModified.isPresent() && current.lastModified.isPresent()) {
      return lastModified.get().equals(current.lastModified.get());
    }
    return etag.isEmpty() == current.etag.isEmpty()
        && lastModified.isEmpty() == current.lastModified.isEmpty();
  }

  /** Whether anything beyond the length identifies the version (strong enough for If-Range). */
  public boolean hasIdentity() {
    return etag.isPresent() || lastModified.isPresent();
  }

  private static String weakless(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }
}
