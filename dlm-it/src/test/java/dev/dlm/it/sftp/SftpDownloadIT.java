package dev.dlm.it.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.Sshd;
import dev.dlm.it.harness.TestAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} against OpenSSH's sshd: key and netrc-password logins, a key the server refuses, a
 * segmented download, a recursive one through symlink loops, and the host-key checks users meet — an unknown host refused with its fingerprint until {@code
 * --accept-new-host-key}, a changed key refused whatever the options. Each dlm has a user home of
 * its own, so the real {@code ~/.ssh} is never read or written.
 */
class SftpDownloadIT {

  @TempDir static Path serverDir;
  private static TestAccount.Lease account;
  private static Sshd.SshKey clientKey;
  private static Sshd sshd;
  private static SeededFile file;
  private static Map<String, SeededFile> tree;

  @BeforeAll
  static void startSshd() throws IOException {
    Sshd.requireInstalled();
    file = SeededFile.write(serverDir.resolve("srv/data.bin"), 8L << 20, 0x55_4d1L);
    Path srv = serverDir.resolve("srv");
    tree =
        Map.of(
            "tree/a.bin", SeededFile.write(srv.resolve("tree/a.bin"), 300_000, 1),
            "tree/sub/b.bin", SeededFile.write(srv.resolve("tree/sub/b.bin"), 200_000, 2),
            "tree/sub/deeper/c.bin", SeededFile.write(srv.resolve("tree/sub/deeper/c.bin"), 100_000, 3));
    Files.createSymbolicLink(srv.resolve("tree/sub/up"), Path.of("..")); // a loop back to tree
    Files.createSymbolicLink(srv.resolve("tree/self"), Path.of(".")); // a loop on itself
    Files.createSymbolicLink(srv.resolve("tree/outside"), Path.of("../data.bin")); // a file out of the tree
    clientKey = Sshd.SshKey.generate(Files.createDirectories(serverDir.resolve("client")).resolve("id_ed25519"));
    account = TestAccount.lease();
    sshd = Sshd.start(serverDir.resolve("sshd"), account, clientKey);
  }

  @AfterAll
  static void stopSshd() {
    if (sshd != null) {
      sshd.close();
    }
    if (account != null) {
      account.close();
    }
  }

  @Test
  void keyLoginSegmentedDownloadMatchesSource(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    String knownHosts = trust(dlm, sshd.knownHostsLine());

    Dlm.Result result = dlm.run(target, get(target, "-x", "4"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve(file.name()))).isEqualTo(file.sha256());
    assertThat(Files.readString(dlm.knownHosts())).as("a known host changes nothing").isEqualTo(knownHosts);
  }

  @Test
  void unknownHostRefusedWithFingerprintUntilAccepted(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);

    Dlm.Result refused = dlm.run(target, get(target));

    assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(1);
    assertThat(refused.stderrLines()).as(refused.describe()).hasSize(1);
    assertThat(refused.stderrLines().getFirst())
        .contains("unknown")
        .contains(sshd.hostKeyFingerprint())
        .contains("--accept-new-host-key");
    assertThat(dlm.knownHosts()).as("nothing trusted without the option").doesNotExist();
    assertThat(listFiles(target)).isEmpty();

    Dlm.Result accepted = dlm.run(target, get(target, "--accept-new-host-key"));

    assertThat(accepted.exitCode()).as(accepted.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve(file.name()))).isEqualTo(file.sha256());
    assertThat(Files.readAllLines(dlm.knownHosts())).as("the key recorded as OpenSSH would").containsExactly(sshd.knownHostsLine());

    Dlm.Result recorded = dlm.run(target, get(target, "-o", "again.bin"));

    assertThat(recorded.exitCode()).as("the recorded key is trusted next time: " + recorded.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve("again.bin"))).isEqualTo(file.sha256());
  }

  @Test
  void changedHostKeyRefusedEvenWithAcceptNewHostKey(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    Sshd.SshKey formerKey = Sshd.SshKey.generate(work.resolve("former_host_key"));
    String knownHosts = trust(dlm, "[127.0.0.1]:" + sshd.port() + " " + formerKey.publicKey());

    Dlm.Result result = dlm.run(target, get(target, "--accept-new-host-key"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst()).contains(sshd.hostKeyFingerprint()).contains(formerKey.fingerprint());
    assertThat(Files.readString(dlm.knownHosts())).as("known_hosts left as it was").isEqualTo(knownHosts);
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void passwordFromNetrcLogsIn(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    trust(dlm, sshd.knownHostsLine());
    long passwordLoginsBefore = sshd.loginsAccepted("password");
    Path netrc = Files.writeString(work.resolve("netrc"), "machine 127.0.0.1 login " + account.user() + " password " + account.password() + "\n");

    Dlm.Result result =
        dlm.run(target, "get", "--netrc-file", netrc.toString(), "-d", target.toString(), sshd.url(account, file.path()));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve(file.name()))).isEqualTo(file.sha256());
    assertThat(sshd.loginsAccepted("password") - passwordLoginsBefore).as("logins sshd let in by password").isPositive();
  }

  @Test
  void keyTheServerDoesNotKnowFailsWithOneLine(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    trust(dlm, sshd.knownHostsLine());
    Sshd.SshKey strangerKey = Sshd.SshKey.generate(work.resolve("id_stranger"));
    long connectionsBefore = sshd.connectionsAccepted();

    Dlm.Result result =
        dlm.run(target, "get", "--ssh-key", strangerKey.privateKey().toString(), "-d", target.toString(), sshd.url(account, file.path()));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst()).contains("authentication failed").doesNotContain("Exception");
    assertThat(sshd.connectionsAccepted() - connectionsBefore).as("connections sshd accepted: one, no retry").isEqualTo(1);
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void recursiveDownloadEndsSymlinkLoopsInsideTargetDirectory(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    trust(dlm, sshd.knownHostsLine());

    Dlm.Result result =
        dlm.run(
            target, "get", "-r", "--ssh-key", clientKey.privateKey().toString(), "-d", target.toString(),
            sshd.url(account, serverDir.resolve("srv/tree")) + "/");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    List<Path> files;
    try (Stream<Path> all = Files.walk(target)) {
      files = all.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).toList();
    }
    assertThat(files)
        .as("each file once, nothing through the loops or the link out of the tree")
        .containsExactlyInAnyOrderElementsOf(tree.keySet().stream().map(target::resolve).toList());
    tree.forEach((name, source) -> assertThat(SeededFile.sha256Of(target.resolve(name))).as(name).isEqualTo(source.sha256()));
  }

  private static String[] get(Path target, String... options) {
    List<String> args = new ArrayList<>(List.of("get", "--ssh-key", clientKey.privateKey().toString(), "-d", target.toString()));
    args.addAll(List.of(options));
    args.add(sshd.url(account, file.path()));
    return args.toArray(String[]::new);
  }

  /** Writes {@code ~/.ssh/known_hosts} for {@code dlm} holding {@code line}; returns the content. */
  private static String trust(Dlm dlm, String line) throws IOException {
    Files.createDirectories(dlm.knownHosts().getParent());
    String content = line + "\n";
    Files.writeString(dlm.knownHosts(), content);
    return content;
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.toList();
    }
  }
}
