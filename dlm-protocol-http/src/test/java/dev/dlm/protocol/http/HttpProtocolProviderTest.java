package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.http.HttpOrigin;
import java.net.URI;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the engine finds and makes the HTTP protocol: every engine makes it, so its clients wait for
 * the first request, while a bad cookie file still fails when it is made.
 */
class HttpProtocolProviderTest {

  @TempDir Path dir;

  @Test
  void isFoundByServiceLoaderForHttpAndHttps() {
    assertThat(ServiceLoader.load(ProtocolProvider.class))
        .anySatisfy(
            provider -> {
              assertThat(provider).isInstanceOf(HttpProtocolProvider.class);
              assertThat(provider.schemes()).containsExactlyInAnyOrder("http", "https");
            });
  }

  @Test
  void theClientsAreBuiltByTheFirstRequestNotByMakingTheProtocol() throws Exception {
    try (HttpOrigin origin = HttpOrigin.start()) {
      origin.serveGenerated("/f", 1, 1_000);
      HttpProtocol protocol = TestContexts.protocol(TestContexts.plain());
      try {
        assertThat(protocol.clientsBuilt()).isFalse();

        protocol.probe(Source.of(origin.uri("/f")));

        assertThat(protocol.clientsBuilt()).isTrue();
      } finally {
        protocol.close();
      }
    }
  }

  @Test
  void aRequestAfterCloseFailsInsteadOfBuildingNewClients() {
    HttpProtocol protocol = TestContexts.protocol(TestContexts.plain());
    protocol.close();

    assertThatThrownBy(() -> protocol.probe(Source.of(URI.create("http://127.0.0.1:9/f"))))
        .isInstanceOfSatisfying(
            TransferException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED));
    assertThat(protocol.clientsBuilt()).isFalse();
  }

  @Test
  void anUnreadableCookieFileFailsWhenTheProtocolIsMade() {
    assertThatThrownBy(() -> TestContexts.protocol(TestContexts.cookies(dir.resolve("missing.txt"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot read the cookie file");
  }
}
