package dev.dlm.core;

import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the user asked for: one file (or, with {@code recursive}, one directory) from one or more
 * sources that serve the same bytes.
 *
 * @param sources the URL and its mirrors; the first is primary
 * @param directory where the file goes (absolute)
 * @param fileName the name to save as; empty means the server's suggestion or the URL's last segment
 * @param maxConnections connections for this download; 0 means automatic (by size, up to 16)
 * @param limitBytesPerSecond a rate cap shared by all its connections; 0 means unlimited
 * @param checksum the digest the finished file must have
 * @param headers extra request headers
 * @param overwrite replace an existing file instead of choosing {@code name (1).ext}
 * @param recursive allow a directory URL to expand into its files
 */
public record DownloadRequest(
    List<URI> sources,
    Path directory,
    Optional<String> fileName,
    int maxConnections,
    long limitBytesPerSecond,
    Optional<ContentDigest> checksum,
    List<Header> headers,
    boolean overwrite,
    boolean recursive) {

  public DownloadRequest {
    sources = List.copyOf(sources);
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("a download needs at least one URL");
    }
    Objects.requireNonNull(directory, "directory");
    directory = directory.toAbsolutePath().normalize();
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(checksum, "checksum");
    headers = List.copyOf(headers);
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must not be negative");
    }
    if (limitBytesPerSecond < 0) {
      throw new IllegalArgumentException("limitBytesPerSecond must not be negative");
    }
  }

  /** A request with defaults for everything but the URL and directory. */
  public static DownloadRequest of(URI uri, Path directory) {
    return new DownloadRequest(
        List.of(uri), directory, Optional.empty(), 0, 0, Optional.empty(), List.of(), false, false);
  }

  public URI primary() {
    return sources.getFirst();
  }

  /**
   * The identity of this job across runs: the same URL and target give the same key from any working
   * directory, so rerunning {@code dlm get} resumes.
   */
  public String jobKey() {
    return primary() + "\n" + directory + "\n" + fileName.orElse("");
  }
}
