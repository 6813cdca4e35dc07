package dev.dlm.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.RequiredCommand;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.testing.http.SelfSignedCertificate;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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
  private static Process nginx;
  private static int port;
  private static List<SeededFile> small;
  private static SeededFile big;

  /** One served request: nginx's connection serial number, protocol, method, path, status. */
  record Served(long connection, String protocol, String method, String path, int status) {
    static Served parse(String line) {
      String[] f = line.split(" ");
      return new Served(Long.parseLong(f[0]), f[1], f[2], f[3], Integer.parseInt(f[4]));
    }
  }

  @BeforeAll
  static void startNginx() throws Exception {
    Path binary = RequiredCommand.find("nginx", "nginx-light");
    Process version = new ProcessBuilder(binary.toString(), "-V").redirectErrorStream(true).start();
    String built = new String(version.getInputStream().readAllBytes());
    Assumptions.assumeTrue(built.contains("http_v2_module"), "this nginx has no HTTP/2 module");
    Path www = Files.createDirectories(serverDir.resolve("www"));
    small = new ArrayList<>();
    for (int i = 0; i < SMALL_FILES; i++) {
      small.add(SeededFile.write(www.resolve("s" + i + ".bin"), 16 * 1024 + i, 0x4832_0000L + i));
    }
    big = SeededFile.write(www.resolve("big.bin"), BIG_BYTES, 0x4832_b16L);
    Path dir = Files.createDirectories(serverDir.resolve("nginx"));
    Files.createDirectories(dir.resolve("temp"));
    writePem(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    port = freePort();
    Files.writeString(dir.resolve("nginx.conf"), config(dir, www));
    nginx =
        new ProcessBuilder(
                binary.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.stderr").toFile())
            .start();
    Awaitility.await("nginx to listen")
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> !nginx.isAlive() || accepts());
    assertThat(nginx.isAlive()).as(Files.readString(dir.resolve("nginx.stderr"))).isTrue();
  }

  @AfterAll
  static void stopNginx() throws InterruptedException {
    if (nginx != null) {
      List<ProcessHandle> family = nginx.descendants().toList();
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
      family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }

  @BeforeEach
  void clearLog() throws IOException {
    Files.writeString(accessLog(), "");
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
    List<Served> served = awaitServed(2 * SMALL_FILES);
    assertThat(served).allMatch(s -> s.protocol().equals("HTTP/2.0"), "every request is HTTP/2");
    assertThat(served.stream().map(Served::connection).distinct()).hasSize(1);
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
    List<Served> served = awaitServed(2 * SMALL_FILES);
    assertThat(served).allMatch(s -> s.protocol().equals("HTTP/1.1"), "every request is HTTP/1.1");
    assertThat(served.stream().map(Served::connection).distinct().count()).isGreaterThan(1);
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
    List<Served> gets =
        Files.readAllLines(accessLog()).stream()
            .map(Served::parse)
            .filter(s -> s.method().equals("GET") && s.path().equals("/big.bin"))
            .toList();
    assertThat(gets)
        .hasSizeGreaterThan(1)
        .allMatch(s -> s.protocol().equals("HTTP/1.1") && s.status() == 206);
    assertThat(gets.stream().map(Served::connection).distinct().count()).isGreaterThan(1);
  }

  private static void assertSmallFilesIntact(Path target) {
    for (SeededFile file : small) {
      assertThat(SeededFile.sha256Of(target.resolve(file.path().getFileName())))
          .as(file.path().getFileName().toString())
          .isEqualTo(file.sha256());
    }
  }

  /** nginx logs a request when it ends; waits until all of them are there. */
  private static List<Served> awaitServed(int count) {
    Awaitility.await("nginx to log " + count + " requests")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.readAllLines(accessLog()).size() >= count);
    try {
      return Files.readAllLines(accessLog()).stream().map(Served::parse).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path list(Path work) throws IOException {
    StringBuilder urls = new StringBuilder();
    for (SeededFile file : small) {
      urls.append(url("/" + file.path().getFileName())).append('\n');
    }
    return Files.writeString(work.resolve("urls.txt"), urls);
  }

  private static String url(String path) {
    return "https://127.0.0.1:" + port + path;
  }

  private static Path accessLog() {
    return serverDir.resolve("nginx/access.log");
  }

  private static String config(Path dir, Path www) throws IOException {
    Path temp = dir.resolve("temp");
    boolean root = Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    return """
        # Generated by Http2NginxIT.
        %s
        worker_processes 1;
        pid %s;
        error_log %s warn;
        events { worker_connections 1024; }
        http {
          log_format conn '$connection $server_protocol $request_method $uri $status';
          access_log %s conn;
          client_body_temp_path %s/body;
          proxy_temp_path %s/proxy;
          fastcgi_temp_path %s/fastcgi;
          uwsgi_temp_path %s/uwsgi;
          scgi_temp_path %s/scgi;
          default_type application/octet-stream;
          sendfile on;
          keepalive_requests 100000;
          server {
            listen 127.0.0.1:%d ssl http2;
            ssl_certificate %s;
            ssl_certificate_key %s;
            root %s;
            location / { }
          }
        }
        """
        .formatted(
            root ? "user root root;" : "",
            dir.resolve("nginx.pid"),
            dir.resolve("error.log"),
            dir.resolve("access.log"),
            temp, temp, temp, temp, temp,
            port,
            dir.resolve("cert.pem"),
            dir.resolve("key.pem"),
            www);
  }

  private static void writePem(Path certPem, Path keyPem) throws Exception {
    SelfSignedCertificate generated = SelfSignedCertificate.generate();
    KeyStore store = generated.keyStore();
    String alias = store.aliases().nextElement();
    PrivateKey key = (PrivateKey) store.getKey(alias, generated.password());
    Files.writeString(certPem, pem("CERTIFICATE", store.getCertificate(alias).getEncoded()));
    Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }
}
