package dev.dlm.cli.get;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.cli.CapturedShell;
import dev.dlm.cli.ExitCode;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.cli.progress.ProgressMode;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.RetryPolicy;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import dev.dlm.spi.ProtocolContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class GetOptionsTest {

  private static final String SHA256 =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @TempDir Path work;

  private GetPlan plan(CapturedShell shell, String... args) {
    CommandLine commandLine = new CommandLine(new GetCommand());
    commandLine.parseArgs(args);
    GetCommand command = commandLine.getCommand();
    return command.plan(shell.shell());
  }

  private GetPlan plan(String... args) {
    return plan(new CapturedShell(work), args);
  }

  @Test
  void everyOptionReachesTheRequestOrTheProtocolContext() throws Exception {
    Path cookies = Files.writeString(work.resolve("cookies.txt"), "# Netscape HTTP Cookie File\n");
    Path netrc = Files.writeString(work.resolve("netrc"), "machine x login u password p\n");
    Path key = Files.writeString(work.resolve("id_ed25519"), "key");

    GetPlan plan =
        plan(
            "-d", "out", "-o", "file.iso", "-x", "8", "--limit-rate", "1.5M",
            "--checksum", "sha-256=" + SHA256, "--overwrite", "-j", "3",
            "-H", "X-One: 1", "--header", "Authorization: Bearer t",
            "--proxy", "socks5://127.0.0.1:1080", "--insecure", "--progress", "json",
            "--load-cookies", "cookies.txt", "--netrc-file", "netrc",
            "--connect-timeout", "2.5", "--timeout", "7", "--max-tries", "9", "-r",
            "--ftp-tls", "--ftp-active", "--accept-new-host-key", "--ssh-key", "id_ed25519",
            "--known-hosts", "hosts",
            "https://example.com/a.iso");

    DownloadRequest request = plan.requests().getFirst();
    assertThat(request.sources()).containsExactly(URI.create("https://example.com/a.iso"));
    assertThat(request.directory()).isEqualTo(work.resolve("out"));
    assertThat(request.fileName()).contains("file.iso");
    assertThat(request.maxConnections()).isEqualTo(8);
    assertThat(request.limitBytesPerSecond()).isEqualTo(1_572_864);
    assertThat(request.checksum()).contains(ContentDigest.parse("sha256=" + SHA256));
    assertThat(request.overwrite()).isTrue();
    assertThat(request.recursive()).isTrue();
    assertThat(request.headers())
        .containsExactly(new Header("X-One", "1"), new Header("Authorization", "Bearer t"));

    ProtocolContext context = plan.context();
    assertThat(context.proxy()).contains(URI.create("socks5://127.0.0.1:1080"));
    assertThat(context.insecure()).isTrue();
    assertThat(context.cookieFile()).contains(cookies);
    assertThat(context.netrcFile()).contains(netrc);
    assertThat(context.connectTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(context.readTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(context.options())
        .isEqualTo(
            Map.of(
                "ftp.tls", "explicit",
                "ftp.mode", "active",
                "sftp.acceptNewHostKey", "true",
                "sftp.identity", key.toString(),
                "sftp.knownHosts", work.resolve("hosts").toString()));
    assertThat(context.userAgent()).startsWith("dlm/");

    assertThat(plan.retry().maxAttempts()).isEqualTo(9);
    assertThat(plan.jobs()).isEqualTo(3);
    assertThat(plan.progress()).isEqualTo(ProgressMode.JSON);
  }

  @Test
  void http11PinsTheHttpVersionAsInCurl() {
    assertThat(plan("--http1.1", "https://example.com/a.iso").context().options())
        .isEqualTo(Map.of("http.version", "1.1"));
  }

  @Test
  void shortKMeansInsecureAsInCurl() throws Exception {
    assertThat(plan("-k", "https://example.com/a.iso").context().insecure()).isTrue();
  }

  @Test
  void defaultsAreAutomaticUnlimitedAndThoseTheHelpStates() {
    GetPlan plan = plan("http://example.com/x");

    DownloadRequest request = plan.requests().getFirst();
    assertThat(request.directory()).isEqualTo(work);
    assertThat(request.fileName()).isEmpty();
    assertThat(request.maxConnections()).isZero();
    assertThat(request.limitBytesPerSecond()).isZero();
    assertThat(request.checksum()).isEmpty();
    assertThat(request.overwrite()).isFalse();
    assertThat(request.recursive()).isFalse();
    assertThat(plan.jobs()).isEqualTo(5);
    ProtocolContext engineDefaults = ProtocolContext.defaults();
    assertThat(plan.context().connectTimeout()).isEqualTo(engineDefaults.connectTimeout());
    assertThat(plan.context().readTimeout()).isEqualTo(engineDefaults.readTimeout());
    assertThat(plan.context().insecure()).isFalse();
    assertThat(plan.context().proxy()).isEmpty();
    assertThat(plan.context().options()).isEmpty();
    assertThat(plan.retry()).isEqualTo(RetryPolicy.defaults());
  }

  @Test
  void progressIsABarOnATerminalPlainElsewhereAndQuietWinsOverBoth() {
    CapturedShell terminal =
        new CapturedShell(work).terminal(TerminalScreen.fixed(80, true, true));

    assertThat(plan(terminal, "http://x/y").progress()).isEqualTo(ProgressMode.BAR);
    assertThat(plan("http://x/y").progress()).isEqualTo(ProgressMode.PLAIN);
    assertThat(plan("--progress", "BAR", "http://x/y").progress()).isEqualTo(ProgressMode.BAR);
    assertThat(plan(terminal, "-q", "--progress", "json", "http://x/y").progress())
        .isEqualTo(ProgressMode.QUIET);
  }

  @Test
  void inputFileAddsUrlsSkippingBlankLinesAndComments() throws Exception {
    Files.writeString(
        work.resolve("urls.txt"), "# mirrors\nhttp://a/1\n\n   \n  http://b/2  \n#http://c/3\n");

    GetPlan plan = plan("-i", "urls.txt", "http://z/0");

    assertThat(plan.requests())
        .extracting(DownloadRequest::primary)
        .containsExactly(URI.create("http://z/0"), URI.create("http://a/1"), URI.create("http://b/2"));
  }

  @Test
  void inputFileDashReadsStandardInput() {
    CapturedShell shell = new CapturedShell(work).stdin("http://a/1\nhttp://b/2\n");

    GetPlan plan = plan(shell, "-i", "-");

    assertThat(plan.requests()).hasSize(2);
  }

  @Test
  void theSameCommandFromAnotherDirectoryBuildsTheSameJob() throws Exception {
    Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));
    String dir = work.resolve("downloads").toString();

    DownloadRequest first = plan("-d", dir, "-o", "n.bin", "http://x/y").requests().getFirst();
    DownloadRequest second =
        plan(new CapturedShell(elsewhere), "-d", dir, "-o", "n.bin", "http://x/y")
            .requests()
            .getFirst();

    assertThat(second.jobKey()).isEqualTo(first.jobKey());
    assertThat(second).isEqualTo(first);
  }

  static Stream<Arguments> badCommandLines() {
    return Stream.of(
        Arguments.of(List.of("get"), "no URL"),
        Arguments.of(List.of("get", "-o", "a", "http://x/1", "http://x/2"), "-o names one file"),
        Arguments.of(List.of("get", "-o", "a/b", "http://x/1"), "not a path"),
        Arguments.of(List.of("get", "example.com/file"), "no scheme"),
        Arguments.of(List.of("get", "http://exa mple.com/"), "invalid URL"),
        Arguments.of(List.of("get", "https:///file"), "no host"),
        Arguments.of(List.of("get", "--progress", "fancy", "http://x/1"), "bar, plain or json"),
        Arguments.of(List.of("get", "--limit-rate", "5Q", "http://x/1"), "not a rate"),
        Arguments.of(List.of("get", "--limit-rate", "-5", "http://x/1"), "not a rate"),
        Arguments.of(List.of("get", "--checksum", "sha3=00", "http://x/1"), "sha-256"),
        Arguments.of(List.of("get", "--checksum", "sha-256:" + SHA256, "http://x/1"), "ALGO=HEX"),
        Arguments.of(List.of("get", "--checksum", "md5=abcd", "http://x/1"), "32 hex digits"),
        Arguments.of(List.of("get", "-x", "0", "http://x/1"), "between 1 and 16"),
        Arguments.of(List.of("get", "-x", "17", "http://x/1"), "between 1 and 16"),
        Arguments.of(List.of("get", "-x", "many", "http://x/1"), "--connections"),
        Arguments.of(List.of("get", "-j", "0", "http://x/1"), "-j"),
        Arguments.of(List.of("get", "--max-tries", "0", "http://x/1"), "--max-tries"),
        Arguments.of(List.of("get", "--timeout", "0", "http://x/1"), "seconds"),
        Arguments.of(List.of("get", "--connect-timeout", "soon", "http://x/1"), "seconds"),
        Arguments.of(List.of("get", "-H", "no colon", "http://x/1"), "Name: value"),
        Arguments.of(List.of("get", "--proxy", "ftp://p:21", "http://x/1"), "invalid proxy"),
        Arguments.of(List.of("get", "--load-cookies", "missing.txt", "http://x/1"), "cookie file"),
        Arguments.of(List.of("get", "--netrc-file", "missing", "http://x/1"), "netrc"),
        Arguments.of(List.of("get", "--ssh-key", "missing", "sftp://h/f"), "SSH key"),
        Arguments.of(List.of("get", "-i", "missing.txt"), "input file"),
        Arguments.of(List.of("get", "--frobnicate", "http://x/1"), "unknown option"));
  }

  @ParameterizedTest
  @MethodSource("badCommandLines")
  void badInputIsOneLineOnStandardErrorAndExitTwo(List<String> args, String expected) {
    CapturedShell shell = new CapturedShell(work).env("DLM_HOME", work.resolve("home").toString());

    int exit = shell.run(args.toArray(String[]::new));

    assertThat(exit).isEqualTo(ExitCode.USAGE);
    assertThat(shell.out()).isEmpty();
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).startsWith("dlm: ").contains(expected).contains("; ");
  }

  @Test
  void aUserNameAndPasswordInABadUrlAreNotEchoed() {
    CapturedShell shell = new CapturedShell(work).env("DLM_HOME", work.resolve("home").toString());

    shell.run("get", "http://user:hunter2@exa mple.com/f");

    assertThat(shell.err()).doesNotContain("hunter2");
  }

  @Test
  void outputNameIsOptional() {
    assertThat(plan("-o", "x.bin", "http://x/1").requests().getFirst().fileName())
        .isEqualTo(Optional.of("x.bin"));
  }
}
