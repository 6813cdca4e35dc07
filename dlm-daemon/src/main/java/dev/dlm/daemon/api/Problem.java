package dev.dlm.daemon.api;

/**
 * An RFC 9457 problem document, the body of every error answer. {@code type} is a stable URI per
 * kind of problem, so clients can branch on it without parsing {@code detail}.
 */
public record Problem(String type, String title, int status, String detail) {

  /** The media type of problem documents. */
  public static final String MEDIA_TYPE = "application/problem+json";

  static Problem of(int status, String detail) {
    return new Problem(typeOf(status), titleOf(status), status, detail);
  }

  private static String typeOf(int status) {
    return switch (status) {
      case 400 -> "https://dlm.dev/problems/bad-request";
      case 401 -> "https://dlm.dev/problems/unauthorized";
      case 404 -> "https://dlm.dev/problems/not-found";
      case 405 -> "https://dlm.dev/problems/method-not-allowed";
      case 409 -> "https://dlm.dev/problems/conflict";
      case 413 -> "https://dlm.dev/problems/too-large";
      case 503 -> "https://dlm.dev/problems/unavailable";
      default -> "about:blank";
    };
  }

  private static String titleOf(int status) {
    return switch (status) {
      case 400 -> "Bad request";
      case 401 -> "Unauthorized";
      case 404 -> "Not found";
      case 405 -> "Method not allowed";
      case 409 -> "Conflict";
      case 413 -> "Content too large";
      case 503 -> "Service unavailable";
      default -> "Internal server error";
    };
  }
}
