package dev.dlm.testing.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.testing.TestData;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpOriginTest {

  private HttpOrigin origin;
  private HttpClient client;
  private byte[] content;

  @BeforeEach
  void start() throws Exception {
    origin = HttpOrigin.start();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    content = TestData.bytes(7, 10_000);
    origin.serve("/f", content);
  }

  @AfterEach
  void stop() {
    client.close();
    origin.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(origin.uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void generatesTheSameDataForTheSameSeed() {
    assertThat(TestData.bytes(7, 10_000)).isEqualTo(content);
    assertThat(TestData.bytes(8, 10_000)).isNotEqualTo(content);
    assertThat(TestData.sha256(new byte[0]))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void servesASingleRangeWithContentRange() throws Exception {
    HttpResponse<byte[]> response = get("/f", "Range", "bytes=100-199");

    assertThat(response.statusCode()).isEqualTo(206);
    assertThat(response.headers().firstValue("Content-Range")).contains("bytes 100-199/10000");
    assertThat(response.body()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
    assertThat(origin.requests("/f").getLast().bodyBytesSent()).isEqualTo(100);
  }

  @Test
  void answers416ForARangePastTheEnd() throws Exception {
    HttpResponse<byte[]> response = get("/f", "Range", "bytes=10000-");

    assertThat(response.statusCode()).isEqualTo(416);
    assertThat(response.headers().firstValue("Content-Range")).contains("bytes */10000");
  }

  @Test
  void servesTheWholeNewVersionWhenIfRangeNoLongerMatches() throws Exception {
    String oldEtag = origin.file("/f").currentEtag().orElseThrow();
    byte[] newer = TestData.bytes(9, 5_000);
    origin.file("/f").replace(newer);

    HttpResponse<byte[]> response = get("/f", "Range", "bytes=0-9", "If-Range", oldEtag);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(newer);
    assertThat(response.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(oldEtag));
  }

  @Test
  void answersScriptedStatusesInOrderBeforeServing() throws Exception {
    origin.file("/f").script(503, "Retry-After: 3").script(429);

    HttpResponse<byte[]> first = get("/f");
    HttpResponse<byte[]> second = get("/f");
    HttpResponse<byte[]> third = get("/f");

    assertThat(first.statusCode()).isEqualTo(503);
    assertThat(first.headers().firstValue("Retry-After")).contains("3");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(third.statusCode()).isEqualTo(200);
  }

  @Test
  void dropsOnlyTheFirstRequestsWhenAsked() throws Exception {
    origin.file("/f").fault(Fault.dropAfter(1000), 1);

    assertThatThrownBy(() -> get("/f")).isInstanceOf(IOException.class);
    HttpResponse<byte[]> second = get("/f");

    assertThat(second.body()).isEqualTo(content);
    assertThat(origin.requests("/f"))
        .extracting(LoggedRequest::bodyBytesSent)
        .containsExactly(1000L, 10_000L);
  }

  @Test
  void redirectsAndRefusesHeadWhenConfigured() throws Exception {
    origin.redirect("/old", 301, "/f");
    origin.file("/f").refuseHead();

    HttpResponse<byte[]> redirect = get("/old");
    HttpResponse<Void> head =
        client.send(
            HttpRequest.newBuilder(origin.uri("/f"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(redirect.statusCode()).isEqualTo(301);
    assertThat(redirect.headers().firstValue("Location")).contains("/f");
    assertThat(head.statusCode()).isEqualTo(405);
  }

  @Test
  void throttlesTheBody() throws Exception {
    origin.file("/f").fault(Fault.throttle(100_000));

    long startNanos = System.nanoTime();
    HttpResponse<byte[]> response = get("/f");
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;

    assertThat(response.body()).isEqualTo(content);
    assertThat(elapsedMillis).isGreaterThanOrEqualTo(90);
  }

  @Test
  void checksBasicCredentials() throws Exception {
    origin.file("/f").requireBasicAuth("u", "p");

    assertThat(get("/f").statusCode()).isEqualTo(401);
    assertThat(get("/f", "Authorization", "Basic dTpw").statusCode()).isEqualTo(200);
  }

  @Test
  void logsTheRangeHeaderAndKeepsConnectionsAlive() throws Exception {
    get("/f", "Range", "bytes=0-0");
    get("/f", "Range", "bytes=1-1");

    assertThat(origin.requests("/f"))
        .extracting(r -> r.range().orElseThrow())
        .containsExactly("bytes=0-0", "bytes=1-1");
    assertThat(origin.connectionsAccepted()).isEqualTo(1);
    assertThat(URI.create(origin.uri("/f").toString()).getHost()).isEqualTo("127.0.0.1");
  }
}
