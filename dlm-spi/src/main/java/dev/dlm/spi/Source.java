package dev.dlm.spi;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Where one download's bytes come from, with the per-download request settings.
 *
 * @param uri the URL as the user gave it (credentials may be in its user-info part)
 * @param headers extra request headers (HTTP-based protocols send them; others ignore them)
 * @param recursive whether a directory may be expanded into a {@link ManifestResource}; without it,
 *     probing a directory fails with {@link ErrorKind#IS_DIRECTORY}
 */
public record Source(URI uri, List<Header> headers, boolean recursive) {

  public Source {
    Objects.requireNonNull(uri, "uri");
    headers = List.copyOf(headers);
  }

  public static Source of(URI uri) {
    return new Source(uri, List.of(), false);
  }

  /** Lower-case scheme of {@link #uri()}, or an empty string when it has none. */
  public String scheme() {
    String scheme = uri.getScheme();
    return scheme == null ? "" : scheme.toLowerCase(java.util.Locale.ROOT);
  }

  /** The same source at another location (a redirect target or a manifest child). */
  public Source withUri(URI other) {
    return new Source(other, headers, recursive);
  }
}
