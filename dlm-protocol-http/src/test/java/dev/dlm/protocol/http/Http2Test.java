package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Header;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.TestData;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http2.H2Fault;
import dev.dlm.testing.http2.H2Origin;
import dev.dlm.testing.http2.H2Request;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP/2 where it helps: probes and small files multiplexed, parts on HTTP/1.1, h2's faults. */
class Http2Test {

  private H2Origin origin;

  @BeforeEach
  void start() throws Exception {
    origin = H2Origin.start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  @Test
  void manySmallFilesShareOneTlsConnection() throws Exception {
    Map<String, byte[]> contents = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      String path = "/small-" + i + ".bin";
      contents.put(path, origin.serveGenerated(path, i, 20_000 + i));
    }
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<byte[]>> fetched = new ArrayList<>();
      List<String> paths = List.copyOf(contents.keySet());
      for (String path : paths) {
        fetched.add(threads.submit(() -> fetchWhole(protocol, origin.uri(path))));
      }
      for (int i = 0; i < paths.size(); i++) {
        assertThat(fetched.get(i).get()).isEqualTo(contents.get(paths.get(i)));
      }
    }

    assertThat(origin.connectionsAccepted()).isEqualTo(1);
    assertThat(origin.requests()).hasSize(80).allMatch(r -> r.protocol().equals("HTTP/2.0"));
  }

  @Test
  void moreDownloadsThanTheServerAllowsStreamsStillComplete() throws Exception {
    try (H2Origin narrow = H2Origin.startWithMaxStreams(3);
        HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<byte[]>> fetched = new ArrayList<>();
      List<byte[]> contents = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        URI uri = narrow.uri("/n" + i);
        contents.add(narrow.serveGenerated("/n" + i, i, 200_000));
        fetched.add(threads.submit(() -> fetchWhole(protocol, uri)));
      }
      for (int i = 0; i < 12; i++) {
        assertThat(fetched.get(i).get()).isEqualTo(contents.get(i));
      }
      assertThat(narrow.requests()).allMatch(r -> r.protocol().equals("HTTP/2.0"));
      assertThat(narrow.connectionsAccepted()).isEqualTo(1);
    }
  }

  @Test
  void partsOfASegmentedFileStayOnHttp1() throws Exception {
    byte[] content = origin.serveGenerated("/big.bin", 7, 300_000);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/big.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      byte[] first = read(protocol, source, resource, new ByteRange(0, 150_000));
      byte[] second = read(protocol, source, resource, new ByteRange(150_000, 300_000));

      assertThat(first).isEqualTo(Arrays.copyOfRange(content, 0, 150_000));
      assertThat(second).isEqualTo(Arrays.copyOfRange(content, 150_000, 300_000));
    }
    List<H2Request> requests = origin.requests("/big.bin");
    assertThat(requests.getFirst().method()).isEqualTo("HEAD");
    assertThat(requests.getFirst().protocol()).isEqualTo("HTTP/2.0");
    assertThat(requests.subList(1, 3)).allMatch(r -> r.protocol().equals("HTTP/1.1"));
  }

  @Test
  void aLargeWholeFileIsNotMultiplexed() {
    RangedResource big =
        new RangedResource(
            URI.create("https://example.test/big"),
            HttpProtocol.SMALL_FILE_BYTES + 1,
            true,
            new dev.dlm.spi.Validator(java.util.Optional.empty(), java.util.Optional.empty(), -1),
            java.util.Optional.empty(),
            java.util.Optional.empty());

    assertThat(HttpProtocol.wholeSmallFile(big, new ByteRange(0, big.lengthBytes()))).isFalse();
    assertThat(HttpProtocol.wholeSmallFile(big, ByteRange.all())).isFalse();
  }

  @Test
  void anHttp1OnlyOriginCostsOneRefusedConnectionOnce() throws Exception {
    try (H2Origin http1 = H2Origin.startHttp1Only();
        HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      for (int i = 0; i < 5; i++) {
        byte[] content = http1.serveGenerated("/f" + i, i, 10_000);
        assertThat(fetchWhole(protocol, http1.uri("/f" + i))).isEqualTo(content);
      }

      assertThat(http1.requests()).hasSize(10).allMatch(r -> r.protocol().equals("HTTP/1.1"));
      assertThat(http1.connectionsAccepted()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void anOriginWithoutAlpnStillWorks() throws Exception {
    try (HttpOrigin plainTls = HttpOrigin.startTls();
        HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      byte[] content = TestData.bytes(3, 30_000);
      plainTls.serve("/x.bin", content);

      assertThat(fetchWhole(protocol, plainTls.uri("/x.bin"))).isEqualTo(content);
      assertThat(fetchWhole(protocol, plainTls.uri("/x.bin"))).isEqualTo(content);
    }
  }

  @Test
  void http11OptionKeepsEverythingOnHttp1() throws Exception {
    byte[] content = origin.serveGenerated("/h1.bin", 4, 10_000);
    try (HttpProtocol protocol = TestContexts.protocol(http11(TestContexts.insecure()))) {
      assertThat(fetchWhole(protocol, origin.uri("/h1.bin"))).isEqualTo(content);
    }
    assertThat(origin.requests()).hasSize(2).allMatch(r -> r.protocol().equals("HTTP/1.1"));
  }

  @Test
  void headersCookiesAndUrlCredentialsGoOverHttp2Too() throws Exception {
    origin.serveGenerated("/private.bin", 9, 1_000);
    URI uri = origin.uri("/private.bin");
    URI withUser = URI.create("https://alice:s3cret@127.0.0.1:" + uri.getPort() + "/private.bin");
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = new Source(withUser, List.of(new Header("X-Trace", "abc")), false);
      protocol.probe(source);
    }
    H2Request probe = origin.requests("/private.bin").getFirst();
    assertThat(probe.protocol()).isEqualTo("HTTP/2.0");
    assertThat(probe.headers())
        .containsEntry("x-trace", "abc")
        .containsEntry("user-agent", "dlm-test/1")
        .containsEntry(
            "authorization",
            "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));
  }

  @Test
  void cookiesFromTheCookieFileGoOverHttp2(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    origin.serveGenerated("/app/data", 2, 500);
    java.nio.file.Path cookies =
        dev.dlm.testing.http.CookieFile.write(
            dir.resolve("cookies.txt"),
            List.of(dev.dlm.testing.http.CookieFile.Cookie.of("127.0.0.1", "session", "abc123")));
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure(TestContexts.cookies(cookies)))) {
      protocol.probe(Source.of(origin.uri("/app/data")));
    }
    H2Request probe = origin.requests("/app/data").getFirst();
    assertThat(probe.protocol()).isEqualTo("HTTP/2.0");
    assertThat(probe.headers()).containsEntry("cookie", "session=abc123");
  }

  @Test
  void netrcCredentialsAnswerAChallengeOverHttp2(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    byte[] content = origin.serveGenerated("/locked.bin", 15, 5_000);
    origin.requireBasic("/locked.bin", "bob", "pw");
    java.nio.file.Path netrc =
        java.nio.file.Files.writeString(
            dir.resolve("netrc"), "machine 127.0.0.1 login bob password pw\n");
    ProtocolContext context = TestContexts.netrc(netrc);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure(context))) {
      assertThat(fetchWhole(protocol, origin.uri("/locked.bin"))).isEqualTo(content);
    }
    List<H2Request> requests = origin.requests("/locked.bin");
    assertThat(requests).allMatch(r -> r.protocol().equals("HTTP/2.0"));
    assertThat(requests.getFirst().headers()).doesNotContainKey("authorization");
    assertThat(requests.getLast().headers()).containsKey("authorization");
  }

  @Test
  void aSelfSignedHttp2OriginIsRefusedWithoutInsecure() {
    origin.serveGenerated("/secure.bin", 16, 100);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.plain())) {
      TransferException failure =
          catchThrowableOfType(
              TransferException.class, () -> protocol.probe(Source.of(origin.uri("/secure.bin"))));

      assertThat(failure.kind()).isEqualTo(ErrorKind.TLS);
      assertThat(failure.getMessage()).contains("--insecure").doesNotContain("\n");
    }
    assertThat(origin.requests()).isEmpty();
  }

  @Test
  void aUserHostHeaderKeepsTheRequestOnHttp1() throws Exception {
    origin.serveGenerated("/host.bin", 3, 500);
    URI uri = origin.uri("/host.bin");
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      protocol.probe(
          new Source(uri, List.of(new Header("Host", "127.0.0.1:" + uri.getPort())), false));
    }
    assertThat(origin.requests("/host.bin")).allMatch(r -> r.protocol().equals("HTTP/1.1"));
  }

  @Test
  void aStreamResetMidBodyIsATruncationToRetry() throws Exception {
    origin.serveGenerated("/reset.bin", 5, 200_000);
    origin.fault("/reset.bin", new H2Fault.ResetAfter(50_000), 1);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/reset.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      TransferException failure =
          catchThrowableOfType(
              TransferException.class, () -> read(protocol, source, resource, ByteRange.all()));

      assertThat(failure.kind().retryable()).isTrue();
      // As the engine does: retry. The reset stream's connection may be the one the next request
      // finds closing (a race in the origin's HTTP/2 stack), which is one more retryable failure.
      assertThat(readRetrying(protocol, source, resource, 3)).hasSize(200_000);
    }
  }

  @Test
  void aBodyCutShortIsTruncated() throws Exception {
    origin.serveGenerated("/short.bin", 6, 100_000);
    origin.fault("/short.bin", new H2Fault.Truncate(40_000), 1);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/short.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      TransferException failure =
          catchThrowableOfType(
              TransferException.class, () -> read(protocol, source, resource, ByteRange.all()));

      assertThat(failure.kind()).isEqualTo(ErrorKind.TRUNCATED);
    }
  }

  @Test
  void anIgnoredRangeIsDetectedBeforeAnyByteIsRead() throws Exception {
    origin.serveGenerated("/norange.bin", 8, 50_000);
    origin.fault("/norange.bin", new H2Fault.IgnoreRange(), 1);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/norange.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      TransferException failure =
          catchThrowableOfType(
              TransferException.class,
              () -> protocol.open(source, resource, new ByteRange(0, 50_000)));

      assertThat(failure.kind()).isEqualTo(ErrorKind.RANGE_IGNORED);
    }
    assertThat(origin.requests("/norange.bin")).allMatch(r -> r.protocol().equals("HTTP/2.0"));
  }

  @Test
  void aStalledStreamTimesOutWhileItsConnectionServesOthers() throws Exception {
    origin.serveGenerated("/stall.bin", 10, 100_000);
    byte[] other = origin.serveGenerated("/other.bin", 11, 100_000);
    origin.fault("/stall.bin", new H2Fault.Stall(30_000), 1);
    try (HttpProtocol protocol =
        TestContexts.protocol(insecureWithReadTimeout(Duration.ofMillis(700)))) {
      Source source = Source.of(origin.uri("/stall.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      try (RangeStream stalled = protocol.open(source, resource, ByteRange.all())) {
        assertThat(fetchWhole(protocol, origin.uri("/other.bin"))).isEqualTo(other);
        TransferException failure =
            catchThrowableOfType(TransferException.class, () -> stalled.body().readAllBytes());
        assertThat(failure.kind()).isEqualTo(ErrorKind.TIMEOUT);
      }
      assertThat(fetchWhole(protocol, origin.uri("/other.bin"))).isEqualTo(other);
    }
    assertThat(origin.connectionsAccepted()).isEqualTo(1);
  }

  @Test
  void anUnreadStreamHoldsTheServerToItsWindow() throws Exception {
    byte[] content = origin.serveGenerated("/window.bin", 14, 4 << 20);
    long window = MultiplexedResponse.WINDOW_BYTES;
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/window.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      try (RangeStream stream = protocol.open(source, resource, ByteRange.all())) {
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> origin.bodyBytesSent("/window.bin") >= window / 2);
        org.awaitility.Awaitility.await()
            .during(Duration.ofMillis(300))
            .atMost(Duration.ofSeconds(3))
            .until(() -> origin.bodyBytesSent("/window.bin") <= window);

        byte[] first = stream.body().readNBytes(2 << 20);
        org.awaitility.Awaitility.await()
            .atMost(Duration.ofSeconds(5))
            .until(() -> origin.bodyBytesSent("/window.bin") > 2 * window);
        byte[] rest = stream.body().readAllBytes();

        assertThat(first).isEqualTo(Arrays.copyOf(content, 2 << 20));
        assertThat(rest).isEqualTo(Arrays.copyOfRange(content, 2 << 20, content.length));
      }
    }
  }

  @Test
  void cancellingOneStreamLeavesTheOthersAndTheConnection() throws Exception {
    byte[] big = origin.serveGenerated("/cancel.bin", 12, 4 << 20);
    byte[] other = origin.serveGenerated("/keep.bin", 13, 300_000);
    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.insecure())) {
      Source source = Source.of(origin.uri("/cancel.bin"));
      RangedResource resource = (RangedResource) protocol.probe(source);
      Source keepSource = Source.of(origin.uri("/keep.bin"));
      RangedResource keep = (RangedResource) protocol.probe(keepSource);
      try (RangeStream kept = protocol.open(keepSource, keep, ByteRange.all())) {
        RangeStream cancelled = protocol.open(source, resource, ByteRange.all());
        byte[] head = cancelled.body().readNBytes(10_000);
        cancelled.close();

        assertThat(head).isEqualTo(Arrays.copyOf(big, 10_000));
        assertThat(kept.body().readAllBytes()).isEqualTo(other);
      }
      assertThat(read(protocol, source, resource, ByteRange.all())).isEqualTo(big);
    }
    assertThat(origin.connectionsAccepted()).isEqualTo(1);
  }

  private static byte[] fetchWhole(HttpProtocol protocol, URI uri) throws Exception {
    Source source = Source.of(uri);
    RangedResource resource = (RangedResource) protocol.probe(source);
    return read(protocol, source, resource, new ByteRange(0, resource.lengthBytes()));
  }

  private static byte[] read(
      HttpProtocol protocol, Source source, RangedResource resource, ByteRange range)
      throws Exception {
    try (RangeStream stream = protocol.open(source, resource, range)) {
      return stream.body().readAllBytes();
    }
  }

  /** Reads the whole resource, retrying retryable failures up to {@code attempts} times. */
  private static byte[] readRetrying(
      HttpProtocol protocol, Source source, RangedResource resource, int attempts) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return read(protocol, source, resource, ByteRange.all());
      } catch (TransferException e) {
        if (!e.kind().retryable() || attempt >= attempts) {
          throw e;
        }
      }
    }
  }

  private static ProtocolContext http11(ProtocolContext context) {
    return TestContexts.tuned(
        context, Map.of(HttpTransport.VERSION_OPTION, "1.1"), context.readTimeout(), context.maxConnectionsPerHost());
  }

  private static ProtocolContext insecureWithReadTimeout(Duration readTimeout) {
    ProtocolContext context = TestContexts.insecure();
    return TestContexts.tuned(context, context.options(), readTimeout, context.maxConnectionsPerHost());
  }
}
