package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.TestData;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.Socks5Proxy;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An HTTP proxy receives absolute-form request targets; HttpOrigin serving a file under such a
 * target stands in for the proxy, so the test never resolves or contacts the named host.
 */
class HttpProxyTest {

  private static final String TARGET = "http://files.example.invalid/big.bin";

  private HttpOrigin proxy;
  private byte[] content;

  @BeforeEach
  void start() throws Exception {
    proxy = HttpOrigin.start();
    content = TestData.bytes(9, 20_000);
    proxy.serve(TARGET, content);
  }

  @AfterEach
  void stop() {
    proxy.close();
  }

  @Test
  void sendsRequestsThroughTheExplicitProxy() throws Exception {
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.proxy(proxy.uri("")))) {
      assertFetchedThroughProxy(protocol);
    }
  }

  @Test
  void sendsRequestsThroughTheProxyFromTheEnvironment() throws Exception {
    Map<String, String> environment = Map.of("http_proxy", "127.0.0.1:" + proxy.port());
    try (HttpProtocol protocol = new HttpProtocol(TestContexts.plain(), environment)) {
      assertFetchedThroughProxy(protocol);
    }
  }

  @Test
  void tunnelsThroughASocks5ProxyWithLogin() throws Exception {
    try (HttpOrigin target = HttpOrigin.start();
        Socks5Proxy socks = Socks5Proxy.startWithLogin("sam", "s0cks")) {
      target.serve("/f", content);
      URI socksUri = URI.create("socks5://sam:s0cks@127.0.0.1:" + socks.port());
      try (HttpProtocol protocol = TestContexts.protocol(TestContexts.proxy(socksUri))) {
        Source source = Source.of(target.uri("/f"));
        RangedResource resource = (RangedResource) protocol.probe(source);
        try (RangeStream stream = protocol.open(source, resource, new ByteRange(100, 300))) {
          assertThat(stream.body().readAllBytes()).isEqualTo(Arrays.copyOfRange(content, 100, 300));
        }
      }
      assertThat(socks.targets())
          .isNotEmpty()
          .allMatch(t -> t.equals("127.0.0.1:" + target.port()));
    }
  }

  @Test
  void reportsAWrongSocksPasswordAsAnAuthFailure() throws Exception {
    try (HttpOrigin target = HttpOrigin.start();
        Socks5Proxy socks = Socks5Proxy.startWithLogin("sam", "s0cks")) {
      target.serve("/f", content);
      URI socksUri = URI.create("socks5://sam:wrong@127.0.0.1:" + socks.port());
      try (HttpProtocol protocol = TestContexts.protocol(TestContexts.proxy(socksUri))) {
        TransferException failure =
            catchThrowableOfType(
                TransferException.class, () -> protocol.probe(Source.of(target.uri("/f"))));

        assertThat(failure.kind()).isEqualTo(ErrorKind.AUTH_FAILED);
        assertThat(failure.getMessage()).doesNotContain("wrong");
      }
    }
  }

  private void assertFetchedThroughProxy(HttpProtocol protocol) throws Exception {
    Source source = Source.of(URI.create(TARGET));
    RangedResource resource = (RangedResource) protocol.probe(source);
    byte[] read;
    try (RangeStream stream = protocol.open(source, resource, new ByteRange(5, 500))) {
      read = stream.body().readAllBytes();
    }

    assertThat(resource.lengthBytes()).isEqualTo(content.length);
    assertThat(read).isEqualTo(Arrays.copyOfRange(content, 5, 500));
    assertThat(proxy.requests(TARGET)).hasSize(2);
  }
}
