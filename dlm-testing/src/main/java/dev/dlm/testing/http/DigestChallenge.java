package dev.dlm.testing.http;

import dev.dlm.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Server side of HTTP Digest authentication (RFC 7616, MD5, qop=auth), enough to test clients. */
record DigestChallenge(String user, String password, String nonce) {

  static final String REALM = "origin";
  private static final Pattern PARAMETER = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

  String header() {
    return "WWW-Authenticate: Digest realm=\""
        + REALM
        + "\", qop=\"auth\", nonce=\""
        + nonce
        + "\", algorithm=MD5";
  }

  /** Whether {@code authorization} answers the challenge for {@code method} correctly. */
  boolean accepts(Optional<String> authorization, String method) {
    if (authorization.isEmpty() || !authorization.get().startsWith("Digest ")) {
      return false;
    }
    Map<String, String> p = new HashMap<>();
    Matcher m = PARAMETER.matcher(authorization.get().substring(7));
    while (m.find()) {
      p.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
    }
    if (!user.equals(p.get("username")) || !nonce.equals(p.get("nonce")) || p.get("uri") == null) {
      return false;
    }
    String ha1 = md5(user + ":" + REALM + ":" + password);
    String ha2 = md5(method + ":" + p.get("uri"));
    String expected =
        p.containsKey("qop")
            ? md5(
                ha1
                    + ":"
                    + nonce
                    + ":"
                    + p.get("nc")
                    + ":"
                    + p.get("cnonce")
                    + ":"
                    + p.get("qop")
                    + ":"
                    + ha2)
            : md5(ha1 + ":" + nonce + ":" + ha2);
    return expected.equals(p.get("response"));
  }

  private static String md5(String text) {
    return HexFormat.of().formatHex(TestData.digest("MD5", text.getBytes(StandardCharsets.UTF_8)));
  }
}
