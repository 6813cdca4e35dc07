package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.spi.ProtocolProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class HttpProtocolProviderTest {

  @Test
  void isFoundByServiceLoaderForHttpAndHttps() {
    assertThat(ServiceLoader.load(ProtocolProvider.class))
        .anySatisfy(
            provider -> {
              assertThat(provider).isInstanceOf(HttpProtocolProvider.class);
              assertThat(provider.schemes()).containsExactlyInAnyOrder("http", "https");
            });
  }
}
