package dev.dlm.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.AccessLog.ServedRequest;
import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.Nginx;
import dev.dlm.it.harness.SeededFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} against nginx with TLS and HTTP/2 on loopback: a list of small files runs over
 * one TLS connection as HTTP/2 streams, {@code --http1.1} spreads them over HTTP/1.1 connections,
 * and a big file is still fetched as HTTP/1.1 ranges over several connections. nginx's access log
 * names each request's connection serial number and protocol.
 */
class Http2NginxIT {

  private static final int SMALL_FILES = 120;
  private static final long BIG_BYTES = 24L << 20;

  @TempDir static Path serverDir;
  @AutoClose private static Nginx nginx;
  private static List<SeededFile> small;
  private static SeededFile big;

  @BeforeAll
  static void startNginx() {
    Path www = serverDir.resolve("www");
    small = new ArrayList<>();
    for (int i = 0; i < SMALL_FILES; i++) {
      small.add(SeededFile.write(www.resolve("s" + i + ".bin"), 16 * 1024 + i, 0x4832_0000L + i));
    }
    big = SeededFile.write(www.resolve("big.bin"), BIG_BYTES, 0x4832_b16L);
    nginx = Nginx.serving(www).tls().http2().start(serverDir.resolve("nginx"));
  }

  @BeforeEach
  void clearLog() {
    nginx.accessLog().clear();
  }

  @Test
  void aListOfSmallFilesRunsOverOneHttp2Connection(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm.Result result =
        Dlm.withHome(work)
            .run(target, "get", "-q", "-k", "-j", "16", "-d", target.toString(),
                "-i", list(work).toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertSmallFilesIntact(target);
    List<ServedRequest> served = awaitServed(2 * SMALL_FILES);
    assertThat(served).allMatch(s -> s.protocol().equals("HTTP/2.0"), "every request is HTTP/2");
    assertThat(served.stream().map(ServedRequest::connection).distinct()).hasSize(1);
  }

  @Test
  void http11SpreadsThemOverHttp1Connections(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm.Result result =
        Dlm.withHome(work)
            .run(target, "get", "-q", "-k", "--http1.1", "-j", "16", "-d", target.toString(),
                "-i", list(work).toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertSmallFilesIntact(target);
    List<ServedRequest> served = awaitServed(2 * SMALL_FILES);
    assertThat(served).allMatch(s -> s.protocol().equals("HTTP/1.1"), "every request is HTTP/1.1");
    assertThat(served.stream().map(ServedRequest::connection).distinct().count()).isGreaterThan(1);
  }

  @Test
  void aBigFileIsStillFetchedAsHttp1RangesOverSeveralConnections(@TempDir Path work)
      throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm.Result result =
        Dlm.withHome(work)
            .run(target, "get", "-q", "-k", "-x", "4", "-d", target.toString(), url("/big.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("big.bin"))).isEqualTo(big.sha256());
    List<ServedRequest> gets =
        nginx.accessLog().requestsFor("/big.bin").stream().filter(s -> s.method().equals("GET")).toList();
    assertThat(gets)
        .hasSizeGreaterThan(1)
        .allMatch(s -> s.protocol().equals("HTTP/1.1") && s.status() == 206);
    assertThat(gets.stream().map(ServedRequest::connection).distinct().count()).isGreaterThan(1);
  }

  private static void assertSmallFilesIntact(Path target) {
    for (SeededFile file : small) {
      assertThat(SeededFile.sha256Of(target.resolve(file.path().getFileName())))
          .as(file.path().getFileName().toString())
          .isEqualTo(file.sha256());
    }
  }

  /** nginx logs a request when it ends; waits until all of them are there. */
  private static List<ServedRequest> awaitServed(int count) {
    Awaitility.await("nginx to log " + count + " requests")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> nginx.accessLog().requests().size() >= count);
    return nginx.accessLog().requests();
  }

  private static Path list(Path work) throws IOException {
    StringBuilder urls = new StringBuilder();
    for (SeededFile file : small) {
      urls.append(url("/" + file.path().getFileName())).append('\n');
    }
    return Files.writeString(work.resolve("urls.txt"), urls);
  }

  private static String url(String path) {
    return nginx.url(path).toString();
  }
}
