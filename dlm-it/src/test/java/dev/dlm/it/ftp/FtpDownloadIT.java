package dev.dlm.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.TestAccount;
import dev.dlm.it.harness.Vsftpd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} against a real vsftpd logging in a real account: segmented downloads, a server
 * connection limit below {@code -x}, explicit and implicit FTPS, and the errors users meet (wrong
 * password, missing file, a recursive download through symlink loops).
 */
class FtpDownloadIT {

  @TempDir static Path serverDir;
  private static TestAccount.Lease account;
  private static Vsftpd vsftpd;
  private static Vsftpd limited;
  private static Vsftpd implicit;
  private static SeededFile large;
  private static SeededFile small;
  private static Map<String, SeededFile> tree;

  @BeforeAll
  static void startServers() throws IOException {
    Vsftpd.requireInstalled();
    Path root = serverDir.resolve("root");
    large = SeededFile.write(root.resolve("large.bin"), 24L << 20, 0xf7b_1a46eL);
    small = SeededFile.write(root.resolve("small.bin"), 5L << 20, 0x5a11L);
    tree =
        Map.of(
            "tree/a.bin", SeededFile.write(root.resolve("tree/a.bin"), 300_000, 1),
            "tree/sub/b.bin", SeededFile.write(root.resolve("tree/sub/b.bin"), 200_000, 2),
            "tree/sub/deeper/c.bin", SeededFile.write(root.resolve("tree/sub/deeper/c.bin"), 100_000, 3));
    Files.createSymbolicLink(root.resolve("tree/sub/up"), Path.of("..")); // a loop back to tree
    Files.createSymbolicLink(root.resolve("tree/self"), Path.of(".")); // a loop on itself
    Files.createSymbolicLink(root.resolve("tree/escape"), Path.of("/")); // out of the tree
    account = TestAccount.lease();
    vsftpd = Vsftpd.serving(root).start(serverDir.resolve("vsftpd"), account);
    limited = Vsftpd.serving(root).maxPerIp(2).start(serverDir.resolve("vsftpd-limited"), account);
    implicit = Vsftpd.serving(root).implicitTls().start(serverDir.resolve("vsftpd-implicit"), account);
  }

  @AfterAll
  static void stopServers() {
    Stream.of(vsftpd, limited, implicit).filter(server -> server != null).forEach(Vsftpd::close);
    if (account != null) {
      account.close();
    }
  }

  @Test
  void segmentedDownloadOverEightConnectionsMatchesSource(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-x", "8", "-d", target.toString(), vsftpd.url("ftp", account, "large.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("large.bin"))).isEqualTo(large.sha256());
    assertThat(vsftpd.retrievals(large.path())).as("RETR commands vsftpd received, one per segment").isGreaterThanOrEqualTo(8);
    assertThat(listFiles(target)).containsExactly(target.resolve("large.bin"));
  }

  @Test
  void serverConnectionLimitBelowConnectionsStillCompletes(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-x", "8", "-d", target.toString(), limited.url("ftp", account, "large.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("large.bin"))).isEqualTo(large.sha256());
    assertThat(limited.refusedForConnectionLimit()).as("vsftpd answered 421 to connections over max_per_ip=2").isTrue();
  }

  @Test
  void explicitTlsDownloadMatchesSource(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work)
            .run(target, "get", "--ftp-tls", "--insecure", "-x", "2", "-d", target.toString(), vsftpd.url("ftp", account, "small.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("small.bin"))).isEqualTo(small.sha256());
    assertThat(Files.readString(vsftpd.log())).as("the control connection was upgraded").contains("\"AUTH TLS\"");
  }

  @Test
  void selfSignedCertificateRefusedWithoutInsecure(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "--ftp-tls", "-d", target.toString(), vsftpd.url("ftp", account, "small.bin"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst()).contains("TLS").contains("--insecure").doesNotContain(account.password());
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void implicitTlsDownloadMatchesSource(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "--insecure", "-x", "2", "-d", target.toString(), implicit.url("ftps", account, "small.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("small.bin"))).isEqualTo(small.sha256());
  }

  @Test
  void wrongPasswordFailsAtOnceWithOneLine(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    String url = "ftp://" + account.user() + ":not-" + account.password() + "@127.0.0.1:" + limited.port() + "/small.bin";
    long refusedBefore = limited.failedLogins();
    long started = System.nanoTime();

    Dlm.Result result = Dlm.withHome(work).run(target, "get", "-d", target.toString(), url);

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst())
        .contains("login refused")
        .contains("530")
        .doesNotContain(account.password())
        .doesNotContain("Exception");
    assertThat(limited.failedLogins() - refusedBefore).as("logins vsftpd refused: one, no retry").isEqualTo(1);
    // vsftpd and PAM delay a refused login by about 3 s: five tries with backoff would take over 20 s.
    assertThat(took).isLessThan(Duration.ofSeconds(20));
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void missingFileFailsWithOneLine(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-d", target.toString(), vsftpd.url("ftp", account, "missing.bin"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst()).contains("550").contains("no such file").doesNotContain(account.password());
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void recursiveDownloadEndsSymlinkLoopsInsideTargetDirectory(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-r", "-d", target.toString(), vsftpd.url("ftp", account, "tree/"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    List<Path> files = listFiles(target);
    assertThat(files)
        .as("each file once, nothing through the loops or the link to /")
        .containsExactlyInAnyOrderElementsOf(tree.keySet().stream().map(target::resolve).toList());
    assertThat(files).allMatch(file -> file.normalize().startsWith(target));
    tree.forEach((name, source) -> assertThat(SeededFile.sha256Of(target.resolve(name))).as(name).isEqualTo(source.sha256()));
  }

  /** Every regular file below {@code dir}, links not followed. */
  static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).collect(Collectors.toList());
    }
  }
}
