package dev.dlm.cli.progress;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * URLs as dlm shows and logs them: without the user-info part, which may hold a password
 * ({@code https://user:secret@host/}).
 */
public final class DisplayUrl {

  private DisplayUrl() {}

  public static String of(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    try {
      return new URI(
              uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
          .toString()
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
          + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
    } catch (URISyntaxException e) {
      return uri.getScheme() + "://" + uri.getHost();
    }
  }

  /** A short name for a download before its file name is known: the URL's last path segment. */
  public static String lastSegment(URI uri) {
    String path = uri.getPath();
    if (path != null) {
      String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
      if (!last.isEmpty()) {
        return last;
      }
    }
    return uri.getHost() != null ? uri.getHost() : uri.toString();
  }
}
