package dev.dlm.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.LoopingTree;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.TestAccount;
import dev.dlm.it.harness.Vsftpd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
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
  @AutoClose private static TestAccount.Lease account;
  @AutoClose private static Vsftpd vsftpd;
  @AutoClose private static Vsftpd limited;
  @AutoClose private static Vsftpd implicit;
  private static SeededFile large;
  private static SeededFile small;
  private static LoopingTree tree;

  @BeforeAll
  static void startServers() throws IOException {
    Vsftpd.requireInstalled();
    Path root = serverDir.resolve("root");
    large = SeededFile.write(root.resolve("large.bin"), 24L << 20, 0xf7b_1a46eL);
    small = SeededFile.write(root.resolve("small.bin"), 5L << 20, 0x5a11L);
    tree = LoopingTree.write(root);
    Files.createSymbolicLink(root.resolve("tree/escape"), Path.of("/")); // out of the tree
    account = TestAccount.lease();
    vsftpd = Vsftpd.serving(root).start(serverDir.resolve("vsftpd"), account);
    limited = Vsftpd.serving(root).maxPerIp(2).start(serverDir.resolve("vsftpd-limited"), account);
    implicit = Vsftpd.serving(root).implicitTls().start(serverDir.resolve("vsftpd-implicit"), account);
  }

  @Test
  void segmentedDownloadOverEightConnectionsMatchesSource(@TempDir Path work) throws IOException {
    Path target = getLargeOverEightConnections(work, vsftpd);

    assertThat(vsftpd.retrievals(large.path())).as("RETR commands vsftpd received, one per segment").isGreaterThanOrEqualTo(8);
    assertThat(listFiles(target)).containsExactly(target.resolve("large.bin"));
  }

  @Test
  void serverConnectionLimitBelowConnectionsStillCompletes(@TempDir Path work) throws IOException {
    getLargeOverEightConnections(work, limited);

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
    String error = getFails(work, "--ftp-tls", vsftpd.url("ftp", account, "small.bin"));

    assertThat(error).contains("TLS").contains("--insecure").doesNotContain(account.password());
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
    String url = "ftp://" + account.user() + ":not-" + account.password() + "@127.0.0.1:" + limited.port() + "/small.bin";
    long refusedBefore = limited.failedLogins();
    long started = System.nanoTime();

    String error = getFails(work, url);

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(error)
        .contains("login refused")
        .contains("530")
        .doesNotContain(account.password())
        .doesNotContain("Exception");
    assertThat(limited.failedLogins() - refusedBefore).as("logins vsftpd refused: one, no retry").isEqualTo(1);
    // vsftpd and PAM delay a refused login by about 3 s: five tries with backoff would take over 20 s.
    assertThat(took).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void missingFileFailsWithOneLine(@TempDir Path work) throws IOException {
    String error = getFails(work, vsftpd.url("ftp", account, "missing.bin"));

    assertThat(error).contains("550").contains("no such file").doesNotContain(account.password());
  }

  @Test
  void recursiveDownloadEndsSymlinkLoopsInsideTargetDirectory(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-r", "-d", target.toString(), vsftpd.url("ftp", account, "tree/"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    tree.assertDownloadedInto(target);
  }

  /** Runs {@code dlm get -x 8} of large.bin from {@code server}; returns the target directory holding it, intact. */
  private static Path getLargeOverEightConnections(Path work, Vsftpd server) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-x", "8", "-d", target.toString(), server.url("ftp", account, "large.bin"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("large.bin"))).isEqualTo(large.sha256());
    return target;
  }

  /**
   * Runs {@code dlm get -d TARGET args...}, which must fail with one line on stderr and leave no file
   * behind; returns that line.
   */
  private static String getFails(Path work, String... args) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    List<String> command = new ArrayList<>(List.of("get", "-d", target.toString()));
    command.addAll(List.of(args));

    String error = Dlm.withHome(work).run(target, command.toArray(String[]::new)).singleErrorLine();

    assertThat(listFiles(target)).isEmpty();
    return error;
  }

  /** Every regular file below {@code dir}, links not followed. */
  static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).collect(Collectors.toList());
    }
  }
}
