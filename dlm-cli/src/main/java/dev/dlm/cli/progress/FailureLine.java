package dev.dlm.cli.progress;

import dev.dlm.spi.ErrorKind;
import java.net.URI;

/**
 * The one line a failed download leaves on standard error: {@code dlm: what failed; what to do}.
 *
 * <p>Protocols and the engine write messages that usually say both already ({@code HTTP 404 Not
 * Found for URL: check the URL}); those are printed as they are. A message without advice (no
 * {@code ": "} or {@code "; "} in it) gets the advice for its {@link ErrorKind}, and a message
 * that does not name the host is prefixed with the URL, so with {@code -j} each line says which
 * download failed.
 */
public final class FailureLine {

  private FailureLine() {}

  public static String of(URI url, ErrorKind kind, String message) {
    String what =
        message == null || message.isBlank() ? kind.code().replace('_', ' ') : message.strip();
    StringBuilder line = new StringBuilder("dlm: ");
    if (url.getHost() == null || !what.contains(url.getHost())) {
      line.append(DisplayUrl.of(url)).append(": ");
    }
    line.append(what);
    if (!what.contains(": ") && !what.contains("; ")) {
      line.append("; ").append(advice(kind));
    }
    return line.toString();
  }

  /** What the user can do about a failure of this kind. */
  public static String advice(ErrorKind kind) {
    return switch (kind) {
      case INVALID_URL, NOT_FOUND -> "check the URL";
      case UNSUPPORTED_PROTOCOL -> "use a URL with a protocol dlm supports";
      case HOST_NOT_FOUND -> "check the host name and your network";
      case CONNECTION_REFUSED -> "check the host and port, or try again when the server is up";
      case NETWORK, TRUNCATED, CANCELLED -> "run the same command again to resume";
      case TIMEOUT ->
          "run the same command again to resume, or allow more time with --timeout";
      case SERVER_ERROR -> "try again later; the same command resumes";
      case THROTTLED -> "try again later, or with fewer connections (-x)";
      case TOO_MANY_CONNECTIONS -> "use fewer connections (-x)";
      case AUTH_FAILED ->
          "give credentials in the URL, with --netrc-file, or with -H 'Authorization: ...'";
      case FORBIDDEN -> "check that you may access it (credentials, --load-cookies)";
      case GONE -> "the file was removed; find another source";
      case CLIENT_ERROR -> "check the URL and the headers (-H)";
      case RANGE_NOT_SATISFIABLE, REMOTE_CHANGED ->
          "run the same command again to download the current version";
      case RANGE_IGNORED -> "run again with -x 1";
      case TLS -> "check the server's certificate, or use --insecure if you trust the server";
      case HOST_KEY_REJECTED ->
          "check the host key in ~/.ssh/known_hosts, or use --accept-new-host-key for a new host";
      case PROTOCOL_ERROR -> "try again later, or tell the server's operator";
      case IS_DIRECTORY -> "use -r to download the whole directory";
      case DISK_FULL -> "free some space, then run the same command again to resume";
      case NOT_WRITABLE -> "choose a writable directory with -d";
      case LOCAL_IO -> "check the disk, then run the same command again to resume";
      case CHECKSUM_MISMATCH -> "check the --checksum value, or download from another source";
    };
  }
}
