package dev.dlm.daemon.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Checks {@code Authorization: Bearer TOKEN} on every control route. The comparison takes the same
 * time whatever the guess ({@link MessageDigest#isEqual}), so the token cannot be found byte by
 * byte from response times. The header is never logged.
 */
final class Auth {

  private final byte[] token;

  Auth(String token) {
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the API token must not be empty");
    }
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  void check(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"dlm\"");
      throw new ProblemException(401, "send the daemon's token as 'Authorization: Bearer TOKEN'");
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"dlm\", error=\"invalid_token\"");
      throw new ProblemException(
          401, "the token is wrong; use the one in the daemon's home or --secret");
    }
  }
}
