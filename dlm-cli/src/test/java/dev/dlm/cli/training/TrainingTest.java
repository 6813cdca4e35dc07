package dev.dlm.cli.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingTest {

  @TempDir Path work;

  /** A command that stops behaving as trained would leave ./dlm without its start-up cache. */
  @Test
  void everyTrainingCommandEndsAsExpected() throws Exception {
    try (SampleServer server = SampleServer.start()) {
      assertThat(Training.run(server, work)).isTrue();
    }
  }

  /** The SFTP cache holds the SSH client only if the training really logs in and reads files. */
  @Test
  void theSftpStepDownloadsOverSshAndRecordsTheHostKey() throws Exception {
    assertThat(Training.sftp(work, work.resolve("home").toString())).isTrue();
    assertThat(work.resolve("sftp/sftp-1m.bin")).hasSize(1024 * 1024);
    assertThat(work.resolve("sftp/sftp-parts.bin")).hasSize(1024 * 1024);
    assertThat(work.resolve("sftp-plain/sftp-small.bin")).hasSize(64 * 1024);
    assertThat(work.resolve("sftp/sftp-unknown-host.bin")).doesNotExist();
    assertThat(work.resolve("known_hosts")).content().startsWith("[127.0.0.1]:");
  }

  /** The HTTPS step trains the TLS handshake and both HTTP versions only if it really downloads. */
  @Test
  void theHttpsStepDownloadsSmallFilesAndOneInParts() throws Exception {
    assertThat(Training.https(work, work.resolve("home").toString())).isTrue();
    assertThat(work.resolve("tls-list/tls-small-0.bin")).hasSize(64 * 1024);
    assertThat(work.resolve("tls-parts/tls-large.bin")).hasSize(8 * 1024 * 1024);
  }

  @Test
  void theDaemonStartsServesItsClientAndStops() throws Exception {
    try (SampleServer server = SampleServer.start()) {
      assertThat(Training.runDaemon(server, work)).isTrue();
    }
  }
}
