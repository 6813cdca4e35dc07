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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpsTest {

  private static HttpOrigin origin;
  private static byte[] content;

  @BeforeAll
  static void start() throws Exception {
    origin = HttpOrigin.startTls();
    content = TestData.bytes(5, 50_000);
    origin.serve("/secure.bin", content);
  }

  @AfterAll
  static void stop() {
    origin.close();
  }

  @Test
  void refusesASelfSignedCertificate() {
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.plain())) {
      TransferException failure =
          catchThrowableOfType(
              TransferException.class, () -> protocol.probe(Source.of(origin.uri("/secure.bin"))));

      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.getMessage()).contains("--insecure").doesNotContain("\n");
    }
  }

  @Test
  void acceptsItWhenInsecureIsAsked() throws Exception {
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/secure.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);

      byte[] read;
      try (RangeStream stream = protocol.open(source, resource, new ByteRange(10, 20_000))) {
        read = stream.body().readAllBytes();
      }

      assertThat(resource.lengthBytes()).isEqualTo(content.length);
      assertThat(read).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20_000));
    }
  }
}
