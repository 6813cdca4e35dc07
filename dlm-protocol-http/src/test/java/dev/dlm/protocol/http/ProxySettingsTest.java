package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

  private static ProxySettings env(Map<String, String> variables) {
    return new ProxySettings(Optional.empty(), variables);
  }

  @Test
  void picksTheVariableForTheScheme() {
    ProxySettings proxies =
        env(Map.of("http_proxy", "http://plain:3128", "HTTPS_PROXY", "http://secure:3129"));

    assertThat(proxies.proxyFor("http", "example.com")).contains(URI.create("http://plain:3128"));
    assertThat(proxies.proxyFor("https", "example.com")).contains(URI.create("http://secure:3129"));
  }

  @Test
  void fallsBackToAllProxyAndAddsAMissingScheme() {
    ProxySettings proxies = env(Map.of("all_proxy", "proxy.local:8080"));

    assertThat(proxies.proxyFor("https", "example.com"))
        .contains(URI.create("http://proxy.local:8080"));
  }

  @Test
  void skipsHostsListedInNoProxy() {
    ProxySettings proxies =
        env(
            Map.of(
                "all_proxy",
                "socks5://s:1080",
                "no_proxy",
                "localhost, .internal.example,10.0.0.1:8080"));

    assertThat(proxies.proxyFor("http", "localhost")).isEmpty();
    assertThat(proxies.proxyFor("http", "a.internal.example")).isEmpty();
    assertThat(proxies.proxyFor("http", "internal.example")).isEmpty();
    assertThat(proxies.proxyFor("http", "10.0.0.1")).isEmpty();
    assertThat(proxies.proxyFor("http", "notinternal.example")).isPresent();
  }

  @Test
  void noProxyStarDisablesEveryProxy() {
    assertThat(env(Map.of("http_proxy", "http://p:1", "NO_PROXY", "*")).proxyFor("http", "x.org"))
        .isEmpty();
  }

  @Test
  void theExplicitProxyWinsOverTheEnvironment() {
    ProxySettings proxies =
        new ProxySettings(
            Optional.of(URI.create("socks5://user:pw@s:1081")), Map.of("http_proxy", "http://p:1"));

    URI proxy = proxies.proxyFor("http", "example.com").orElseThrow();
    assertThat(ProxySettings.isSocks(proxy)).isTrue();
    assertThat(ProxySettings.port(proxy)).isEqualTo(1081);
  }
}
