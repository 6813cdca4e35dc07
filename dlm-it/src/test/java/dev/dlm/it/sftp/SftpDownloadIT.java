package dev.dlm.it.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.LoopingTree;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.Sshd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
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
  @AutoClose private static Sshd sshd;
  private static SeededFile file;
  private static LoopingTree tree;

  @BeforeAll
  static void startSshd() throws IOException {
    Path srv = serverDir.resolve("srv");
    file = SeededFile.write(srv.resolve("data.bin"), 8L << 20, 0x55_4d1L);
    tree = LoopingTree.write(srv);
    Files.createSymbolicLink(srv.resolve("tree/outside"), Path.of("../data.bin")); // a file out of the tree
    sshd = Sshd.start(serverDir.resolve("sshd"));
  }

  @Test
  void keyLoginSegmentedDownloadMatchesSource(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = trustingDlm(work);
    String knownHosts = Files.readString(dlm.knownHosts());

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

    assertThat(refused.singleErrorLine())
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
    String knownHosts = dlm.trustHosts("[127.0.0.1]:" + sshd.port() + " " + formerKey.publicKey());

    Dlm.Result result = dlm.run(target, get(target, "--accept-new-host-key"));

    assertThat(result.singleErrorLine()).contains(sshd.hostKeyFingerprint()).contains(formerKey.fingerprint());
    assertThat(Files.readString(dlm.knownHosts())).as("known_hosts left as it was").isEqualTo(knownHosts);
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void passwordFromNetrcLogsIn(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = trustingDlm(work);
    long passwordLoginsBefore = sshd.loginsAccepted("password");
    Path netrc = Files.writeString(work.resolve("netrc"), "machine 127.0.0.1 login " + sshd.account().user() + " password " + sshd.account().password() + "\n");

    Dlm.Result result =
        dlm.run(target, "get", "--netrc-file", netrc.toString(), "-d", target.toString(), sshd.url(file.path()));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve(file.name()))).isEqualTo(file.sha256());
    assertThat(sshd.loginsAccepted("password") - passwordLoginsBefore).as("logins sshd let in by password").isPositive();
  }

  @Test
  void keyTheServerDoesNotKnowFailsWithOneLine(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = trustingDlm(work);
    Sshd.SshKey strangerKey = Sshd.SshKey.generate(work.resolve("id_stranger"));
    long connectionsBefore = sshd.connectionsAccepted();

    Dlm.Result result =
        dlm.run(target, "get", "--ssh-key", strangerKey.privateKey().toString(), "-d", target.toString(), sshd.url(file.path()));

    assertThat(result.singleErrorLine()).contains("authentication failed").doesNotContain("Exception");
    assertThat(sshd.connectionsAccepted() - connectionsBefore).as("connections sshd accepted: one, no retry").isEqualTo(1);
    assertThat(listFiles(target)).isEmpty();
  }

  @Test
  void recursiveDownloadEndsSymlinkLoopsInsideTargetDirectory(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = trustingDlm(work);

    Dlm.Result result =
        dlm.run(
            target, "get", "-r", "--ssh-key", sshd.clientKey().privateKey().toString(), "-d", target.toString(),
            sshd.url(serverDir.resolve("srv/tree")) + "/");

    assertThat(result.exitCode()).as(result.describe()).isZero();
    tree.assertDownloadedInto(target);
  }

  /** A dlm with a user home of its own whose known_hosts trusts this sshd. */
  private static Dlm trustingDlm(Path work) {
    Dlm dlm = Dlm.withUserHome(work);
    dlm.trustHosts(sshd.knownHostsLine());
    return dlm;
  }

  private static String[] get(Path target, String... options) {
    List<String> args = new ArrayList<>(List.of("get", "--ssh-key", sshd.clientKey().privateKey().toString(), "-d", target.toString()));
    args.addAll(List.of(options));
    args.add(sshd.url(file.path()));
    return args.toArray(String[]::new);
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.toList();
    }
  }
}
