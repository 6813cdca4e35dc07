package dev.dlm.testing.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Writes Netscape-format cookie files ({@code curl -b}, {@code wget --load-cookies}) for tests. */
public final class CookieFile {

  private CookieFile() {}

  /**
   * One line of the file.
   *
   * @param expires the expiry; {@link Instant#EPOCH} writes 0, a session cookie
   */
  public record Cookie(
      String domain,
      boolean includeSubdomains,
      String path,
      boolean secure,
      Instant expires,
      String name,
      String value,
      boolean httpOnly) {

    /** A cookie for exactly {@code host}, any path, not secure, expiring in a day. */
    public static Cookie of(String host, String name, String value) {
      return new Cookie(
          host, false, "/", false, Instant.now().plusSeconds(86_400), name, value, false);
    }

    String line() {
      return (httpOnly ? "#HttpOnly_" : "")
          + String.join(
              "\t",
              domain,
              includeSubdomains ? "TRUE" : "FALSE",
              path,
              secure ? "TRUE" : "FALSE",
              Long.toString(expires.getEpochSecond()),
              name,
              value);
    }
  }

  public static Path write(Path file, List<Cookie> cookies) throws IOException {
    StringBuilder text = new StringBuilder("# Netscape HTTP Cookie File\n\n");
    cookies.forEach(cookie -> text.append(cookie.line()).append('\n'));
    return Files.writeString(file, text);
  }
}
