package dev.dlm.protocol.http;

import dev.dlm.spi.ContentDigest;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.core5.http.HttpResponse;

/**
 * A whole-file checksum the server advertises, so the engine can verify the download without the
 * user passing {@code --checksum}: {@code Repr-Digest} (RFC 9530), {@code Digest} (RFC 3230) and
 * {@code Content-MD5} (only on a full 200 response, where it covers the whole file). The strongest
 * algorithm offered wins.
 */
final class AdvertisedDigest {

  private static final List<String> PREFERENCE = List.of("SHA-512", "SHA-256", "SHA-1", "MD5");

  private AdvertisedDigest() {}

  static Optional<ContentDigest> of(HttpResponse response) {
    Optional<ContentDigest> found =
        strongest(header(response, "Repr-Digest"), true)
            .or(() -> strongest(header(response, "Digest"), false));
    if (found.isPresent() || response.getCode() != 200) {
      return found;
    }
    return header(response, "Content-MD5").flatMap(value -> decode("MD5", value));
  }

  private static Optional<String> header(HttpResponse response, String name) {
    return Optional.ofNullable(response.getFirstHeader(name)).map(h -> h.getValue());
  }

  private static Optional<ContentDigest> strongest(Optional<String> header, boolean structured) {
    if (header.isEmpty()) {
      return Optional.empty();
    }
    ContentDigest best = null;
    for (String member : header.get().split(",")) {
      int eq = member.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String algorithm = algorithm(member.substring(0, eq).trim());
      String value = member.substring(eq + 1).trim();
      if (structured) {
        if (!value.startsWith(":") || !value.endsWith(":") || value.length() < 2) {
          continue;
        }
        value = value.substring(1, value.length() - 1);
      }
      Optional<ContentDigest> digest =
          algorithm == null ? Optional.empty() : decode(algorithm, value);
      if (digest.isPresent()
          && (best == null
              || PREFERENCE.indexOf(digest.get().algorithm())
                  < PREFERENCE.indexOf(best.algorithm()))) {
        best = digest.get();
      }
    }
    return Optional.ofNullable(best);
  }

  private static String algorithm(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "sha-512" -> "SHA-512";
      case "sha-256" -> "SHA-256";
      case "sha" -> "SHA-1";
      case "md5" -> "MD5";
      default -> null;
    };
  }

  private static Optional<ContentDigest> decode(String algorithm, String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64.trim());
      int expected =
          switch (algorithm) {
            case "SHA-512" -> 64;
            case "SHA-256" -> 32;
            case "SHA-1" -> 20;
            default -> 16;
          };
      return bytes.length == expected
          ? Optional.of(new ContentDigest(algorithm, bytes))
          : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
