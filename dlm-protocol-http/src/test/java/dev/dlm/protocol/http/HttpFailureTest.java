package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.http.HttpOrigin;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpFailureTest {

  private HttpOrigin origin;
  private HttpProtocol protocol;

  @BeforeEach
  void start() throws Exception {
    origin = HttpOrigin.start();
    protocol = TestContexts.protocol(TestContexts.plain());
  }

  @AfterEach
  void stop() {
    protocol.close();
    origin.close();
  }

  private TransferException probeFailure(URI uri) {
    return catchThrowableOfType(TransferException.class, () -> protocol.probe(Source.of(uri)));
  }

  @ParameterizedTest
  @CsvSource({
    "401, AUTH_FAILED",
    "403, FORBIDDEN",
    "404, NOT_FOUND",
    "410, GONE",
    "408, TIMEOUT",
    "416, RANGE_NOT_SATISFIABLE",
    "418, CLIENT_ERROR",
    "500, SERVER_ERROR",
    "502, SERVER_ERROR",
    "503, SERVER_ERROR",
    "429, THROTTLED"
  })
  void mapsEveryStatusToItsKind(int status, ErrorKind kind) {
    origin.serveGenerated("/f", 1, 100).script(status).script(status);

    TransferException failure = probeFailure(origin.uri("/f"));

    assertThat(failure.kind()).isEqualTo(kind);
    assertThat(failure.retryable()).isEqualTo(kind.retryable());
    assertThat(failure.getMessage()).startsWith("HTTP " + status + " ").doesNotContain("\n");
  }

  @Test
  void saysWhatFailedAndWhatToDoInOneLine() {
    TransferException failure = probeFailure(origin.uri("/missing"));

    assertThat(failure.getMessage())
        .isEqualTo("HTTP 404 Not Found for " + origin.uri("/missing") + ": check the URL");
  }

  @Test
  void honoursRetryAfterSecondsOnTooManyRequests() {
    origin.serveGenerated("/f", 1, 100).script(429, "Retry-After: 7").script(429, "Retry-After: 7");

    TransferException failure = probeFailure(origin.uri("/f"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void treatsServiceUnavailableWithRetryAfterAsThrottling() {
    origin
        .serveGenerated("/f", 1, 100)
        .script(503, "Retry-After: Fri, 31 Dec 2100 23:59:59 GMT")
        .script(503, "Retry-After: Fri, 31 Dec 2100 23:59:59 GMT");

    TransferException failure = probeFailure(origin.uri("/f"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.THROTTLED);
    assertThat(failure.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
  }

  @Test
  void succeedsOnceScriptedFailuresAreOver() throws Exception {
    origin.serveGenerated("/f", 1, 100).script(503, "Retry-After: 1").script(503, "Retry-After: 1");

    assertThat(probeFailure(origin.uri("/f")).kind()).isEqualTo(ErrorKind.THROTTLED);
    RangedResource resource = (RangedResource) protocol.probe(Source.of(origin.uri("/f")));

    assertThat(resource.lengthBytes()).isEqualTo(100);
  }

  @Test
  void reportsARefusedConnection() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      port = socket.getLocalPort();
    }

    TransferException failure = probeFailure(URI.create("http://127.0.0.1:" + port + "/f"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.CONNECTION_REFUSED);
    assertThat(failure.getMessage()).contains("127.0.0.1:" + port);
  }

  @Test
  void reportsAnUnknownHost() {
    TransferException failure = probeFailure(URI.create("http://no-such-host.invalid/f"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.HOST_NOT_FOUND);
    assertThat(failure.getMessage()).contains("no-such-host.invalid");
  }

  @Test
  void rejectsAUrlWithoutHost() {
    TransferException failure = probeFailure(URI.create("http:///f"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.INVALID_URL);
  }

  @Test
  void neverShowsUrlCredentialsInMessages() {
    URI withSecret =
        URI.create("http://alice:s3cret@127.0.0.1:" + origin.port() + "/missing?token=abc");

    TransferException failure = probeFailure(withSecret);

    assertThat(failure.getMessage())
        .doesNotContain("s3cret")
        .doesNotContain("alice")
        .doesNotContain("abc");
  }

  @Test
  void reportsTooManyRedirectsAsAProtocolError() {
    origin.redirect("/loop", 302, "/loop");

    TransferException failure = probeFailure(origin.uri("/loop"));

    assertThat(failure.kind()).isEqualTo(ErrorKind.PROTOCOL_ERROR);
    assertThat(failure.getMessage()).doesNotContain("\n");
  }
}
