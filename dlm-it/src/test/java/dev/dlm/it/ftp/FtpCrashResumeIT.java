package dev.dlm.it.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.SeededFile;
import dev.dlm.it.harness.TestAccount;
import dev.dlm.it.harness.Vsftpd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm get} over FTP killed with SIGKILL mid-download, then the same command run again: the
 * file is intact, and vsftpd's own log shows the second run fetched only what the first had not
 * checkpointed.
 *
 * <p>vsftpd caps each session at {@value #RATE_BYTES_PER_SECOND} B/s ({@code local_max_rate}), so
 * the kill lands mid-transfer. The engine checkpoints every second or every 4 MiB per connection,
 * whichever comes first, so a kill loses at most one second's worth per connection; on top of it
 * comes what vsftpd had sent but dlm had not written, again at most about a second's worth:
 *
 * <pre>sent &lt;= size + connections x 2 x rate = 20 MiB + 2 x 2 x 2 MiB = 28 MiB</pre>
 *
 * <p>It can fail: the run is killed after at least {@value #LANDED_BEFORE_KILL_BYTES} bytes have
 * landed, so a client that started over would make vsftpd send at least 32 MiB.
 */
class FtpCrashResumeIT {

  private static final long FILE_BYTES = 20L << 20;
  private static final int CONNECTIONS = 2;
  private static final long RATE_BYTES_PER_SECOND = 2L << 20;
  private static final long LANDED_BEFORE_KILL_BYTES = 12L << 20;

  @TempDir static Path serverDir;
  @AutoClose private static TestAccount.Lease account;
  @AutoClose private static Vsftpd vsftpd;
  private static SeededFile file;

  @BeforeAll
  static void startVsftpd() {
    Vsftpd.requireInstalled();
    file = SeededFile.write(serverDir.resolve("root/archive.bin"), FILE_BYTES, 0x6b11_7e5L);
    account = TestAccount.lease();
    vsftpd = Vsftpd.serving(serverDir.resolve("root")).maxRate(RATE_BYTES_PER_SECOND).start(serverDir.resolve("vsftpd"), account);
  }

  @Test
  void sameCommandAfterKillNineCompletesWithoutRefetching(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withHome(work);
    String[] command = {
      "get", "-x", Integer.toString(CONNECTIONS), "-d", target.toString(), vsftpd.url("ftp", account, file.name())
    };

    Dlm.Result second =
        dlm.killOnceThenRerun(target, target.resolve(file.name()), LANDED_BEFORE_KILL_BYTES, Duration.ofSeconds(30), command);

    assertThat(second.exitCode()).as(second.describe()).isZero();
    file.assertOnlyFileIn(target);
    long sentBytes = vsftpd.awaitBytesSent(file.path(), Duration.ofSeconds(15));
    assertThat(sentBytes)
        .as("bytes vsftpd sent for the file over both runs (log %s)", vsftpd.log())
        .isBetween(FILE_BYTES, FILE_BYTES + CONNECTIONS * 2 * RATE_BYTES_PER_SECOND);
  }
}
