package dev.dlm.daemon.api;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer TOKEN} on every control route. The comparison takes the same
 * time whatever the guess ({@link MessageDigest#isEqual}), so the token cannot be found byte by
 * byte from response times. The header is never logged.
 *
 * <p>A browser cannot set headers on a WebSocket, so an upgrade may carry the token in either of
 * the two places a page's {@code new WebSocket(url, protocols)} can put it: the subprotocol list
 * ({@code ["dlm", "bearer.TOKEN"]}; the answer then names {@value #SUBPROTOCOL}, never the token)
 * or the query parameter {@value #QUERY_PARAMETER}. Request logs carry the path without the query,
 * so neither reaches a log.
 */
final class Auth {

  /** The subprotocol a browser offers beside {@code bearer.TOKEN}; the daemon answers with it. */
  static final String SUBPROTOCOL = "dlm";

  static final String QUERY_PARAMETER = "access_token";

  private static final String BEARER_PROTOCOL = "bearer.";

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
    verify(ctx, header.substring(7).trim());
  }

  /**
   * Checks a WebSocket upgrade: the Authorization header if there is one, else a {@code
   * bearer.TOKEN} subprotocol, else the {@value #QUERY_PARAMETER} query parameter.
   */
  void checkUpgrade(Context ctx) {
    if (ctx.header("Authorization") != null) {
      check(ctx);
      return;
    }
    String offered = ctx.header("Sec-WebSocket-Protocol");
    if (offered != null) {
      List<String> protocols = Arrays.stream(offered.split(",")).map(String::trim).toList();
      Optional<String> bearer =
          protocols.stream().filter(p -> p.startsWith(BEARER_PROTOCOL)).findFirst();
      if (bearer.isPresent()) {
        verify(ctx, bearer.get().substring(BEARER_PROTOCOL.length()));
        // The answer must name one offered subprotocol; never echo the one holding the token.
        if (protocols.contains(SUBPROTOCOL)) {
          ctx.res().setHeader("Sec-WebSocket-Protocol", SUBPROTOCOL);
        } else {
          throw new ProblemException(
              400, "offer the subprotocol '" + SUBPROTOCOL + "' beside 'bearer.TOKEN'");
        }
        return;
      }
    }
    String query = ctx.queryParam(QUERY_PARAMETER);
    if (query != null) {
      verify(ctx, query);
      return;
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"dlm\"");
    throw new ProblemException(
        401,
        "send the daemon's token as 'Authorization: Bearer TOKEN', the subprotocols 'dlm,"
            + " bearer.TOKEN', or ?access_token=TOKEN");
  }

  private void verify(Context ctx, String candidate) {
    byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"dlm\", error=\"invalid_token\"");
      throw new ProblemException(
          401, "the token is wrong; use the one in the daemon's home or --secret");
    }
  }
}
