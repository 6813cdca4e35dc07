package dev.dlm.spi;

import java.util.List;

/**
 * A source that expands into several files (a directory listing, a playlist).
 *
 * @param entries the files, each with a path relative to the download's directory; unsanitised: the
 *     engine sanitises every path and drops any that would escape the directory
 */
public record ManifestResource(List<Entry> entries) implements Resource {

  public ManifestResource {
    entries = List.copyOf(entries);
  }

  /**
   * One file of a manifest.
   *
   * @param source where to fetch it
   * @param relativePath its place under the download's directory, segments separated by {@code /}
   * @param lengthBytes its length if the listing says, else {@code -1}
   */
  public record Entry(Source source, String relativePath, long lengthBytes) {}
}
