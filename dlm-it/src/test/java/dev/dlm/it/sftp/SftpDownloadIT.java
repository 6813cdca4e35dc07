package dev.dlm.it.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.DlmWithUserHome;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.Sshd;
import dev.dlm.it.harness.TestAccount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} against OpenSSH's sshd: a key login and a segmented download, and the host-key
 * checks users meet — an unknown host refused with its fingerprint until {@code
 * --accept-new-host-key}, a changed key refused whatever the options. Each dlm has a user home of
 * its own, so the real {@code ~/.ssh} is never read or written.
 */
class SftpDownloadIT {

  @TempDir static Path serverDir;
  private static TestAccount.Lease account;
  private static Sshd.SshKey clientKey;
  private static Sshd sshd;
  private static SeededFile file;

  @BeforeAll
  static void startSshd() throws IOException {
    Sshd.requireInstalled();
    file = SeededFile.write(serverDir.resolve("srv/data.bin"), 12L << 20, 0x55_4d1L);
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
    DlmWithUserHome dlm = DlmWithUserHome.in(work);
    String knownHosts = trust(dlm, sshd.knownHostsLine());

    Dlm.Result result = dlm.run(target, get(target, "-x", "4"));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(SeededFile.sha256Of(target.resolve(file.name()))).isEqualTo(file.sha256());
    assertThat(Files.readString(dlm.knownHosts())).as("a known host changes nothing").isEqualTo(knownHosts);
  }

  @Test
  void unknownHostRefusedWithFingerprintUntilAccepted(@TempDir Path work) throws IOException {
    Path target = Files.createDirectories(work.resolve("downloads"));
    DlmWithUserHome dlm = DlmWithUserHome.in(work);

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
    DlmWithUserHome dlm = DlmWithUserHome.in(work);
    Sshd.SshKey formerKey = Sshd.SshKey.generate(work.resolve("former_host_key"));
    String knownHosts = trust(dlm, "[127.0.0.1]:" + sshd.port() + " " + formerKey.publicKey());

    Dlm.Result result = dlm.run(target, get(target, "--accept-new-host-key"));

    assertThat(result.exitCode()).as(result.describe()).isEqualTo(1);
    assertThat(result.stderrLines()).as(result.describe()).hasSize(1);
    assertThat(result.stderrLines().getFirst()).contains(sshd.hostKeyFingerprint()).contains(formerKey.fingerprint());
    assertThat(Files.readString(dlm.knownHosts())).as("known_hosts left as it was").isEqualTo(knownHosts);
    assertThat(listFiles(target)).isEmpty();
  }

  private static String[] get(Path target, String... options) {
    List<String> args = new ArrayList<>(List.of("get", "--ssh-key", clientKey.privateKey().toString(), "-d", target.toString()));
    args.addAll(List.of(options));
    args.add(sshd.url(account, file.path()));
    return args.toArray(String[]::new);
  }

  /** Writes {@code ~/.ssh/known_hosts} for {@code dlm} holding {@code line}; returns the content. */
  private static String trust(DlmWithUserHome dlm, String line) throws IOException {
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
