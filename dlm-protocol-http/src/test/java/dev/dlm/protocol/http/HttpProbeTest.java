package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.testing.TestData;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.LoggedRequest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

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

  private RangedResource probe(String path) throws Exception {
    return (RangedResource) protocol.probe(Source.of(origin.uri(path)));
  }

  @Test
  void readsLengthRangesAndValidatorsFromHead() throws Exception {
    var file = origin.serveGenerated("/data/file.bin", 1, 10_000);

    RangedResource resource = probe("/data/file.bin");

    assertThat(resource.lengthBytes()).isEqualTo(10_000);
    assertThat(resource.rangeable()).isTrue();
    assertThat(resource.validator().etag()).isEqualTo(file.currentEtag());
    assertThat(resource.validator().lastModified()).isEqualTo(file.currentLastModified());
    assertThat(resource.fileName()).contains("file.bin");
    assertThat(resource.location()).isEqualTo(origin.uri("/data/file.bin"));
    assertThat(origin.requests()).extracting(LoggedRequest::method).containsExactly("HEAD");
  }

  @Test
  void fallsBackToARangedGetWhenHeadIsRefused() throws Exception {
    origin.serveGenerated("/f", 2, 5_000).refuseHead();

    RangedResource resource = probe("/f");

    assertThat(resource.lengthBytes()).isEqualTo(5_000);
    assertThat(resource.rangeable()).isTrue();
    assertThat(origin.requests())
        .extracting(LoggedRequest::method, LoggedRequest::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("HEAD", 405),
            org.assertj.core.groups.Tuple.tuple("GET", 206));
    assertThat(origin.requests().get(1).range()).contains("bytes=0-0");
  }

  @Test
  void fallsBackToARangedGetWhenHeadHasNoLength() throws Exception {
    origin.serveGenerated("/f", 3, 7_000).headWithoutLength();

    RangedResource resource = probe("/f");

    assertThat(resource.lengthBytes()).isEqualTo(7_000);
    assertThat(resource.rangeable()).isTrue();
  }

  @Test
  void reportsNoRangesWhenTheGetAnswersWithTheWholeFileWithoutDownloadingIt() throws Exception {
    origin.serveGenerated("/f", 4, 4 * 1024 * 1024).acceptRanges(false).fault(Fault.stall(1000));

    RangedResource resource = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> probe("/f"));

    assertThat(resource.lengthBytes()).isEqualTo(4 * 1024 * 1024);
    assertThat(resource.rangeable()).isFalse();
  }

  @Test
  void reportsUnknownLengthForACloseDelimitedServer() throws Exception {
    origin.serveGenerated("/f", 5, 3_000).acceptRanges(false).contentLength(false);

    RangedResource resource = probe("/f");

    assertThat(resource.lengthBytes()).isEqualTo(-1);
    assertThat(resource.rangeable()).isFalse();
  }

  @Test
  void followsRedirectChainsAndKeepsTheFinalLocationAndHeaders() throws Exception {
    origin.serveGenerated("/real/name.iso", 6, 1_000);
    origin
        .redirect("/a", 301, "/b")
        .redirect("/b", 302, "/c")
        .redirect("/c", 307, "/real/name.iso");

    RangedResource resource = probe("/a");

    assertThat(resource.location()).isEqualTo(origin.uri("/real/name.iso"));
    assertThat(resource.lengthBytes()).isEqualTo(1_000);
    assertThat(resource.fileName()).contains("name.iso");
  }

  @Test
  void prefersTheExtendedFileNameOfContentDisposition() throws Exception {
    origin
        .serveGenerated("/download", 7, 10)
        .contentDisposition(
            "attachment; filename=\"fallback.txt\";"
                + " filename*=UTF-8''na%C3%AFve%20r%C3%A9sum%C3%A9.pdf");

    assertThat(probe("/download").fileName()).contains("naïve résumé.pdf");
  }

  @Test
  void unescapesQuotedFileNames() throws Exception {
    origin
        .serveGenerated("/download", 8, 10)
        .contentDisposition("attachment; filename=\"a \\\"quoted\\\" name.txt\"");

    assertThat(probe("/download").fileName()).contains("a \"quoted\" name.txt");
  }

  @Test
  void returnsTraversalNamesRawForTheEngineToSanitise() throws Exception {
    origin
        .serveGenerated("/download", 9, 10)
        .contentDisposition("attachment; filename=\"../../etc/passwd\"");

    assertThat(probe("/download").fileName()).contains("../../etc/passwd");
  }

  @Test
  void fallsBackToThePercentDecodedLastPathSegment() throws Exception {
    origin.serveGenerated("/files/my%20report.pdf", 10, 10);

    assertThat(probe("/files/my%20report.pdf").fileName()).contains("my report.pdf");
  }

  @Test
  void offersTheServersWholeFileDigest() throws Exception {
    byte[] content = TestData.bytes(11, 2_000);
    String sha256 = Base64.getEncoder().encodeToString(TestData.digest("SHA-256", content));
    origin
        .serve("/f", content)
        .header(
            "Digest: md5="
                + Base64.getEncoder().encodeToString(TestData.digest("MD5", content))
                + ", SHA-256="
                + sha256);

    ContentDigest digest = probe("/f").digest().orElseThrow();

    assertThat(digest.algorithm()).isEqualTo("SHA-256");
    assertThat(digest.expectedHex()).isEqualTo(TestData.sha256(content));
  }

  @Test
  void readsReprDigestAsAStructuredByteSequence() throws Exception {
    byte[] content = TestData.bytes(12, 2_000);
    String sha512 = Base64.getEncoder().encodeToString(TestData.digest("SHA-512", content));
    origin.serve("/f", content).header("Repr-Digest: sha-512=:" + sha512 + ":");

    assertThat(probe("/f").digest()).map(ContentDigest::algorithm).contains("SHA-512");
  }

  @Test
  void sendsTheUserAgentAndCustomHeaders() throws Exception {
    origin.serveGenerated("/f", 13, 10);

    protocol.probe(
        new Source(
            origin.uri("/f"),
            java.util.List.of(dev.dlm.spi.Header.parse("X-Trace: abc123")),
            false));

    LoggedRequest head = origin.requests("/f").getFirst();
    assertThat(head.header("X-Trace")).contains("abc123");
    assertThat(head.header("User-Agent")).contains("dlm-test/1");
    assertThat(head.header("Accept-Encoding")).isEmpty();
  }
}
