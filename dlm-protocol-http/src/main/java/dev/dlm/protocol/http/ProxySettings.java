package dev.dlm.protocol.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;

/**
 * Which proxy a request goes through: the explicit {@code --proxy}, else curl's environment
 * variables ({@code http_proxy}, {@code https_proxy}, {@code all_proxy}, upper case too), in both
 * cases skipping the hosts {@code no_proxy} lists.
 */
record ProxySettings(Optional<URI> explicit, Map<String, String> environment) {

  ProxySettings {
    environment = Map.copyOf(environment);
  }

  /** The proxy for a request to {@code host} over {@code scheme}, if any. */
  Optional<URI> proxyFor(String scheme, String host) {
    if (bypassed(host)) {
      return Optional.empty();
    }
    if (explicit.isPresent()) {
      return explicit.map(ProxySettings::withScheme);
    }
    String prefix = scheme.toLowerCase(Locale.ROOT);
    return variable(prefix + "_proxy")
        .or(() -> variable("all_proxy"))
        .filter(value -> !value.isBlank())
        .map(value -> withScheme(URI.create(value.contains("://") ? value : "http://" + value)));
  }

  /**
   * The user-info of whichever configured SOCKS proxy listens at {@code address}: the explicit one,
   * else {@code all_proxy}, {@code https_proxy} or {@code http_proxy}.
   */
  Optional<UsernamePasswordCredentials> socksCredentials(InetSocketAddress address) {
    return java.util.stream.Stream.concat(
            explicit.stream(),
            java.util.stream.Stream.of("all_proxy", "https_proxy", "http_proxy")
                .map(this::variable)
                .flatMap(Optional::stream)
                .filter(value -> value.contains("://"))
                .map(URI::create))
        .filter(ProxySettings::isSocks)
        .filter(p -> p.getRawUserInfo() != null)
        .filter(
            p ->
                p.getHost().equalsIgnoreCase(address.getHostString())
                    && port(p) == address.getPort())
        .findFirst()
        .flatMap(p -> CredentialLookup.fromUserInfo(p, port(p), dev.dlm.spi.Netrc.empty()))
        .map(CredentialLookup.Target::credentials);
  }

  static boolean isSocks(URI proxy) {
    return proxy.getScheme().toLowerCase(Locale.ROOT).startsWith("socks");
  }

  /** The proxy's port, or the usual default for its scheme. */
  static int port(URI proxy) {
    if (proxy.getPort() != -1) {
      return proxy.getPort();
    }
    return isSocks(proxy) ? 1080 : proxy.getScheme().equalsIgnoreCase("https") ? 443 : 1080;
  }

  private boolean bypassed(String host) {
    String lowerHost = host.toLowerCase(Locale.ROOT);
    List<String> entries =
        variable("no_proxy").stream()
            .flatMap(value -> Arrays.stream(value.split(",")))
            .map(entry -> entry.trim().toLowerCase(Locale.ROOT))
            .filter(entry -> !entry.isEmpty())
            .toList();
    for (String entry : entries) {
      if (entry.equals("*")) {
        return true;
      }
      String domain = entry.startsWith(".") ? entry.substring(1) : entry;
      int colon = domain.lastIndexOf(':');
      if (colon > 0 && domain.indexOf(':') == colon) {
        domain = domain.substring(0, colon);
      }
      if (lowerHost.equals(domain) || lowerHost.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }

  private Optional<String> variable(String lowerName) {
    return Optional.ofNullable(environment.get(lowerName))
        .or(() -> Optional.ofNullable(environment.get(lowerName.toUpperCase(Locale.ROOT))));
  }

  private static URI withScheme(URI proxy) {
    return proxy.getScheme() == null ? URI.create("http://" + proxy) : proxy;
  }
}
