package dev.dlm.protocol.http;

import dev.dlm.spi.Netrc;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.Credentials;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Answers HttpClient's authentication challenges (Basic, Digest) for one request: credentials from
 * the URL for its own host and port only (so a redirect elsewhere never receives them), else the
 * netrc entry for whichever host asks, else the proxy's user-info for the proxy.
 */
final class CredentialLookup implements CredentialsProvider {

  private final Optional<Target> urlCredentials;
  private final Netrc netrc;
  private final Optional<Target> proxyCredentials;

  /** Credentials bound to one host and port. */
  record Target(String host, int port, UsernamePasswordCredentials credentials) {
    boolean matches(AuthScope scope) {
      return host.equalsIgnoreCase(scope.getHost())
          && (scope.getPort() < 0 || scope.getPort() == port);
    }
  }

  CredentialLookup(
      Optional<Target> urlCredentials, Netrc netrc, Optional<Target> proxyCredentials) {
    this.urlCredentials = urlCredentials;
    this.netrc = netrc;
    this.proxyCredentials = proxyCredentials;
  }

  /**
   * The credentials in {@code uri}'s user-info, bound to its host and effective port. A user
   * without a password takes the password of that login's netrc entry, as curl does.
   */
  static Optional<Target> fromUserInfo(URI uri, int defaultPort, Netrc netrc) {
    String userInfo = uri.getRawUserInfo();
    if (userInfo == null || uri.getHost() == null) {
      return Optional.empty();
    }
    int colon = userInfo.indexOf(':');
    String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
    String password =
        colon >= 0
            ? decode(userInfo.substring(colon + 1))
            : netrc.find(uri.getHost(), user).flatMap(Netrc.Entry::password).orElse("");
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    return Optional.of(
        new Target(
            uri.getHost(), port, new UsernamePasswordCredentials(user, password.toCharArray())));
  }

  @Override
  public Credentials getCredentials(AuthScope scope, HttpContext context) {
    if (proxyCredentials.isPresent() && proxyCredentials.get().matches(scope)) {
      return proxyCredentials.get().credentials();
    }
    if (urlCredentials.isPresent() && urlCredentials.get().matches(scope)) {
      return urlCredentials.get().credentials();
    }
    String host = scope.getHost();
    if (host == null) {
      return null;
    }
    return netrc
        .find(host)
        .filter(entry -> entry.login().isPresent())
        .map(
            entry ->
                new UsernamePasswordCredentials(
                    entry.login().get(), entry.password().orElse("").toCharArray()))
        .orElse(null);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
