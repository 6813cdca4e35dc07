package dev.dlm.it.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} over SFTP killed with SIGKILL mid-download, then the same command run again: the
 * file is intact, and sftp-server's own log shows the second run read only what the first had not
 * checkpointed.
 *
 * <p>sshd has no rate limit, so the command caps itself: {@code --limit-rate} (the engine's own
 * token bucket, in both runs, so the second run is the same command) keeps the first run
 * mid-transfer when it is killed, whatever the machine's speed. Per connection a kill loses at most
 * the 4 MiB between checkpoints, plus what sftp-server had read ahead for the pipelined requests:
 * at most dlm's 8 MiB channel window, and up to 4 MiB in sshd's and the sockets' buffers (about
 * 9 MiB per connection were seen in flight on loopback). Hence
 *
 * <pre>read &lt;= size + connections x (4 + 8 + 4) MiB = 64 + 2 x 16 = 96 MiB</pre>
 *
 * <p>It can fail: the run is killed after at least {@value #LANDED_BEFORE_KILL_BYTES} bytes have
 * landed, so a client that started over would make sftp-server read at least 108 MiB.
 */
class SftpCrashResumeIT {

  private static final long FILE_BYTES = 64L << 20;
  private static final int CONNECTIONS = 2;
  private static final String LIMIT_RATE = "16M";
  private static final long LANDED_BEFORE_KILL_BYTES = 44L << 20;
  private static final long LOSS_PER_CONNECTION_BYTES = (4L + 8 + 4) << 20;

  @TempDir static Path serverDir;
  @AutoClose private static Sshd sshd;
  private static SeededFile file;

  @BeforeAll
  static void startSshd() {
    file = SeededFile.write(serverDir.resolve("srv/archive.bin"), FILE_BYTES, 0x5f7b_c4a5L);
    sshd = Sshd.start(serverDir.resolve("sshd"));
  }

  @Test
  void sameCommandAfterKillNineCompletesWithoutRereading(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withUserHome(work);
    dlm.trustHosts(sshd.knownHostsLine());
    String[] command = {
      "get", "--ssh-key", sshd.clientKey().privateKey().toString(), "-x", Integer.toString(CONNECTIONS),
      "--limit-rate", LIMIT_RATE, "-d", target.toString(), sshd.url(file.path())
    };

    Dlm.Result second =
        dlm.killOnceThenRerun(target, target.resolve(file.name()), LANDED_BEFORE_KILL_BYTES, Duration.ofSeconds(60), command);

    assertThat(second.exitCode()).as(second.describe()).isZero();
    file.assertOnlyFileIn(target);
    long readBytes = sshd.awaitBytesRead(file.path(), Duration.ofSeconds(15));
    assertThat(readBytes)
        .as("bytes sftp-server read from the file over both runs (log %s)", sshd.sftpLog())
        .isBetween(FILE_BYTES, FILE_BYTES + CONNECTIONS * LOSS_PER_CONNECTION_BYTES);
  }
}
