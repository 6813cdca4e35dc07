package dev.dlm.cli.get;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.cli.CapturedShell;
import dev.dlm.cli.ExitCode;
import dev.dlm.testing.TestData;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.LoggedRequest;
import dev.dlm.testing.http.OriginFile;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} run in-process, as a user would type it, against a fault-injecting origin on
 * 127.0.0.1: the real engine, the real HTTP protocol and the real job store under a temporary home.
 */
class GetEndToEndTest {

  private static final int MIB = 1 << 20;

  @TempDir Path work;

  private HttpOrigin origin;
  private Path home;
  private Path downloads;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpOrigin.start();
    home = work.resolve("home");
    downloads = work.resolve("downloads");
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  private CapturedShell shell() {
    return new CapturedShell(work).env("DLM_HOME", home.toString());
  }

  private String url(String path) {
    return origin.uri(path).toString();
  }

  private static String shaLine(byte[] content, Path file) {
    return "sha256 " + TestData.sha256(content) + "  " + file;
  }

  @Test
  void segmentedDownloadPrintsItsSha256() throws IOException {
    OriginFile file = origin.serveGenerated("/data.bin", 1, 8 * MIB);
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/data.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    Path saved = downloads.resolve("data.bin");
    assertThat(Files.readAllBytes(saved)).isEqualTo(file.content());
    assertThat(shell.out().lines()).contains(shaLine(file.content(), saved));
    assertThat(origin.requests("/data.bin").stream().filter(r -> r.range().isPresent()).count())
        .isGreaterThan(1);
    assertThat(shell.err()).isEmpty();
  }

  @Test
  void outputNameAndDirectoryPlaceTheFile() throws IOException {
    OriginFile file = origin.serveGenerated("/a.bin", 2, 100_000);
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", "deep/er", "-o", "named.dat", url("/a.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllBytes(work.resolve("deep/er/named.dat"))).isEqualTo(file.content());
  }

  @Test
  void inputFileWithSeveralJobsDownloadsEveryUrl() throws IOException {
    List<OriginFile> files =
        List.of(
            origin.serveGenerated("/1.bin", 11, 300_000),
            origin.serveGenerated("/2.bin", 12, 200_000),
            origin.serveGenerated("/3.bin", 13, 100_000));
    Files.writeString(
        work.resolve("urls.txt"),
        "# three files\n" + url("/1.bin") + "\n\n" + url("/2.bin") + "\n" + url("/3.bin") + "\n");
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), "-i", "urls.txt", "-j", "2");

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    for (int i = 0; i < 3; i++) {
      Path saved = downloads.resolve((i + 1) + ".bin");
      assertThat(Files.readAllBytes(saved)).isEqualTo(files.get(i).content());
      assertThat(shell.out().lines()).contains(shaLine(files.get(i).content(), saved));
    }
  }

  @Test
  void anExistingFileIsKeptAndTheDownloadTakesANumberedName() throws IOException {
    OriginFile file = origin.serveGenerated("/report.pdf", 3, 50_000);
    Files.createDirectories(downloads);
    Files.writeString(downloads.resolve("report.pdf"), "mine");
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/report.pdf"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(downloads.resolve("report.pdf")).hasContent("mine");
    Path numbered = downloads.resolve("report (1).pdf");
    assertThat(Files.readAllBytes(numbered)).isEqualTo(file.content());
    assertThat(shell.out().lines()).contains(shaLine(file.content(), numbered));
  }

  @Test
  void overwriteReplacesAnExistingFile() throws IOException {
    OriginFile file = origin.serveGenerated("/report.pdf", 4, 50_000);
    Files.createDirectories(downloads);
    Files.writeString(downloads.resolve("report.pdf"), "old");
    CapturedShell shell = shell();

    int exit = shell.run("get", "--overwrite", "-d", downloads.toString(), url("/report.pdf"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllBytes(downloads.resolve("report.pdf"))).isEqualTo(file.content());
    assertThat(downloads.resolve("report (1).pdf")).doesNotExist();
  }

  @Test
  void aMatchingChecksumPasses() {
    OriginFile file = origin.serveGenerated("/c.bin", 5, 70_000);
    CapturedShell shell = shell();

    int exit =
        shell.run(
            "get", "-d", downloads.toString(),
            "--checksum", "sha-256=" + TestData.sha256(file.content()), url("/c.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aWrongChecksumFailsWithOneLine() {
    origin.serveGenerated("/c.bin", 5, 70_000);
    CapturedShell shell = shell();

    int exit =
        shell.run(
            "get", "-d", downloads.toString(),
            "--checksum", "sha-256=" + "0".repeat(64), url("/c.bin"));

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).startsWith("dlm: ").contains(url("/c.bin"), "expected");
    assertThat(downloads.resolve("c.bin")).doesNotExist();
  }

  @Test
  void notFoundIsOneLineWithTheUrlAndExitOne() {
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/missing.bin"));

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst())
        .startsWith("dlm: ")
        .contains("404", url("/missing.bin"), "check the URL");
  }

  @Test
  void anUnsupportedSchemeSaysSo() {
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), "gopher://127.0.0.1/x");

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).contains("unsupported protocol 'gopher'", "http");
  }

  @Test
  void anInvalidUrlIsAUsageError() {
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), "http://exa mple/");

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(shell.errLines()).hasSize(1);
  }

  @Test
  void anUnwritableDirectoryFailsWithAdvice() throws IOException {
    origin.serveGenerated("/a.bin", 6, 1000);
    Path blocker = Files.writeString(work.resolve("blocker"), "a file, not a directory");
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", blocker.resolve("sub").toString(), url("/a.bin"));

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).contains("cannot create the directory", "-d");
  }

  @Test
  void aServerSuppliedNameWithDotDotStaysInsideTheDirectory() throws IOException {
    OriginFile file = origin.serveGenerated("/download", 7, 10_000);
    file.contentDisposition("attachment; filename=\"../evil\"");
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/download"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(work.resolve("evil")).doesNotExist();
    try (Stream<Path> saved = Files.list(downloads)) {
      List<Path> files = saved.toList();
      assertThat(files).hasSize(1);
      assertThat(Files.readAllBytes(files.getFirst())).isEqualTo(file.content());
    }
  }

  @Test
  void aServerThatDropsConnectionsStillDeliversTheWholeFile() throws IOException {
    OriginFile file = origin.serveGenerated("/flaky.bin", 8, 4 * MIB);
    file.fault(Fault.dropAfter(256 * 1024), 6);
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/flaky.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllBytes(downloads.resolve("flaky.bin"))).isEqualTo(file.content());
  }

  @Test
  void tooManyRequestsWithRetryAfterIsRetried() throws IOException {
    OriginFile file = origin.serveGenerated("/busy.bin", 9, 20_000);
    file.script(429, "Retry-After: 1");
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url("/busy.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    assertThat(Files.readAllBytes(downloads.resolve("busy.bin"))).isEqualTo(file.content());
    assertThat(origin.requests("/busy.bin")).extracting(LoggedRequest::status).contains(429);
  }

  @Test
  void aRefusedConnectionSaysWhatToCheck() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      closedPort = socket.getLocalPort();
    }
    CapturedShell shell = shell();

    int exit =
        shell.run(
            "get", "--max-tries", "1", "-d", downloads.toString(),
            "http://127.0.0.1:" + closedPort + "/x.bin");

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).contains("connection refused", "127.0.0.1:" + closedPort);
  }

  @Test
  void anUntrustedCertificateFailsAndInsecureAcceptsIt() throws IOException {
    try (HttpOrigin tls = HttpOrigin.startTls()) {
      OriginFile file = tls.serveGenerated("/secure.bin", 10, 30_000);
      String url = tls.uri("/secure.bin").toString();

      CapturedShell refused = shell();
      int refusedExit = refused.run("get", "-d", downloads.toString(), url);
      CapturedShell accepted = shell();
      int acceptedExit = accepted.run("get", "--insecure", "-d", downloads.toString(), url);

      assertThat(refusedExit).isEqualTo(ExitCode.FAILED);
      assertThat(refused.errLines()).hasSize(1);
      assertThat(refused.errLines().getFirst()).contains("--insecure");
      assertThat(acceptedExit).as(accepted.err()).isEqualTo(ExitCode.OK);
      assertThat(Files.readAllBytes(downloads.resolve("secure.bin"))).isEqualTo(file.content());
    }
  }

  private static final java.util.regex.Pattern COMPLETED =
      java.util.regex.Pattern.compile("\"completedBytes\":(\\d+)");

  /**
   * Runs {@code dlm get --progress json args} on another thread and presses Ctrl-C once the
   * progress events report {@code bytes} written.
   */
  private int interruptAfter(CapturedShell shell, long bytes, String... args) {
    String[] all = Stream.concat(Stream.of("get", "--progress", "json"), Stream.of(args))
        .toArray(String[]::new);
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> shell.run(all));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                run.isDone()
                    || COMPLETED.matcher(shell.out()).results()
                        .anyMatch(m -> Long.parseLong(m.group(1)) >= bytes));
    await().atMost(Duration.ofSeconds(5)).until(() -> run.isDone() || shell.pressCtrlC());
    return run.join();
  }

  @Test
  void rerunningAfterCtrlCResumesWhereItStopped() throws IOException {
    OriginFile file = origin.serveGenerated("/big.bin", 14, 4 * MIB);
    CapturedShell first = shell();

    int firstExit =
        interruptAfter(
            first, MIB, "-x", "1", "--limit-rate", "1M", "-d", downloads.toString(), url("/big.bin"));
    long sentBeforeRerun = origin.bodyBytesSent("/big.bin");
    CapturedShell second = shell();
    int secondExit = second.run("get", "-x", "1", "-d", downloads.toString(), url("/big.bin"));

    assertThat(firstExit).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(first.errLines()).contains("dlm: interrupted; run the same command again to resume");
    assertThat(secondExit).as(second.err()).isEqualTo(ExitCode.OK);
    assertThat(second.out()).contains("resuming at");
    assertThat(Files.readAllBytes(downloads.resolve("big.bin"))).isEqualTo(file.content());
    long refetched = origin.bodyBytesSent("/big.bin") - sentBeforeRerun;
    assertThat(refetched).isLessThan(file.content().length);
  }

  @Test
  void aFileChangedBetweenRunsIsDownloadedAgainAndTheUserIsTold() throws IOException {
    OriginFile file = origin.serveGenerated("/moving.bin", 15, 4 * MIB);
    CapturedShell first = shell();

    int firstExit =
        interruptAfter(
            first, MIB, "-x", "1", "--limit-rate", "1M", "-d", downloads.toString(),
            url("/moving.bin"));
    file.replace(TestData.bytes(16, 3 * MIB));
    CapturedShell second = shell();
    int exit = second.run("get", "-x", "1", "-d", downloads.toString(), url("/moving.bin"));

    assertThat(firstExit).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(exit).as(second.err()).isEqualTo(ExitCode.OK);
    assertThat(second.out()).contains("moving.bin: the remote file changed");
    Path saved = downloads.resolve("moving.bin");
    assertThat(Files.readAllBytes(saved)).isEqualTo(file.content());
    assertThat(second.out().lines()).contains(shaLine(file.content(), saved));
  }

  @Test
  void jsonProgressIsOneObjectPerLineEndingWithTheChecksum() throws IOException {
    OriginFile file = origin.serveGenerated("/j.bin", 17, 2 * MIB);
    CapturedShell shell = shell();

    int exit = shell.run("get", "--progress", "json", "-d", downloads.toString(), url("/j.bin"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    List<JsonNode> events = shell.outJsonLines();
    assertThat(events.getFirst().get("type").asText()).isEqualTo("started");
    JsonNode finished = events.getLast();
    assertThat(finished.get("type").asText()).isEqualTo("finished");
    assertThat(finished.get("files").get(0).get("sha256").asText())
        .isEqualTo(TestData.sha256(file.content()));
  }

  @Test
  void quietPrintsNothingOnSuccess() {
    origin.serveGenerated("/q.bin", 18, 10_000);
    CapturedShell shell = shell();

    int exit = shell.run("get", "-q", "-d", downloads.toString(), url("/q.bin"));

    assertThat(exit).isEqualTo(ExitCode.OK);
    assertThat(shell.out()).isEmpty();
    assertThat(shell.err()).isEmpty();
  }

  @Test
  void credentialsNeverReachTheLogFile() throws IOException {
    OriginFile file = origin.serveGenerated("/private.bin", 19, 10_000);
    file.requireBasicAuth("alice", "hunter2");
    CapturedShell shell = shell();

    int exit =
        shell.run(
            "get", "--debug", "-H", "X-Api-Key: topsecret", "-d", downloads.toString(),
            origin.uri("/private.bin").toString().replace("://", "://alice:hunter2@"));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    String log = Files.readString(home.resolve("logs/dlm.log"));
    assertThat(log).isNotEmpty().doesNotContain("hunter2", "topsecret");
    assertThat(shell.err()).doesNotContain("hunter2", "topsecret");
  }
}
