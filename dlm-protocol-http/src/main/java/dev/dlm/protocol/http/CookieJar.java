package dev.dlm.protocol.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.Cookie;
import org.apache.hc.client5.http.impl.cookie.BasicClientCookie;

/**
 * Loads a Netscape-format cookie file (what curl, wget and browser exporters write) into the
 * client's cookie store; HttpClient then sends each cookie only where its domain, path, secure flag
 * and expiry allow, redirects included.
 */
final class CookieJar {

  private static final String HTTP_ONLY_PREFIX = "#HttpOnly_";

  private CookieJar() {}

  static BasicCookieStore load(Path file) throws IOException {
    BasicCookieStore store = new BasicCookieStore();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String text =
          line.startsWith(HTTP_ONLY_PREFIX) ? line.substring(HTTP_ONLY_PREFIX.length()) : line;
      if (text.isBlank() || text.startsWith("#")) {
        continue;
      }
      String[] fields = text.split("\t", -1);
      if (fields.length < 6) {
        continue;
      }
      store.addCookie(cookie(fields));
    }
    return store;
  }

  private static BasicClientCookie cookie(String[] fields) {
    String domain = fields[0].toLowerCase(Locale.ROOT);
    boolean includeSubdomains = fields[1].equalsIgnoreCase("TRUE");
    BasicClientCookie cookie =
        new BasicClientCookie(fields[5], fields.length > 6 ? fields[6].strip() : "");
    String bareDomain = domain.startsWith(".") ? domain.substring(1) : domain;
    cookie.setDomain(bareDomain);
    if (includeSubdomains) {
      cookie.setAttribute(Cookie.DOMAIN_ATTR, bareDomain);
    }
    cookie.setPath(fields[2].isEmpty() ? "/" : fields[2]);
    cookie.setSecure(fields[3].equalsIgnoreCase("TRUE"));
    long expires = parseLong(fields[4]);
    if (expires > 0) {
      cookie.setExpiryDate(Instant.ofEpochSecond(expires));
    }
    return cookie;
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
