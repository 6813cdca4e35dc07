package dev.dlm.protocol.sftp;

import static dev.dlm.protocol.sftp.SftpFixtures.protocol;
import static dev.dlm.protocol.sftp.SftpFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.TransferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyCheckTest {

  @TempDir static Path root;
  static SftpTestServer server;
  static String url;

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(root.resolve("f.txt"), "hello");
    server =
        new SftpTestServer(root, SftpTestServer.ed25519(), SftpTestServer.ed25519().getPublic());
    url = "sftp://bob:hunter2@127.0.0.1:" + server.port() + "/f.txt";
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void anUnknownHostIsRefusedWithItsFingerprint(@TempDir Path home) {
    try (SftpProtocol sftp = protocol(home, Map.of(), Prompt.none())) {
      assertThatThrownBy(() -> sftp.probe(source(url)))
          .isInstanceOfSatisfying(
              TransferException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.HOST_KEY_REJECTED);
                assertThat(e.getMessage())
                    .contains(KeyUtils.getFingerPrint(server.hostKey()))
                    .contains("--accept-new-host-key");
              });
      assertThat(home.resolve(".ssh/known_hosts")).doesNotExist();
    }
  }

  @Test
  void anAcceptedNewHostIsRecordedAndTrustedNextTime(@TempDir Path home) throws Exception {
    try (SftpProtocol accepting =
        protocol(home, Map.of("sftp.acceptNewHostKey", "true"), Prompt.none())) {
      assertThat(((RangedResource) accepting.probe(source(url))).lengthBytes()).isEqualTo(5);
    }
    assertThat(Files.readString(home.resolve(".ssh/known_hosts")))
        .contains(String.valueOf(server.port()));

    try (SftpProtocol strict = protocol(home, Map.of(), Prompt.none())) {
      assertThat(((RangedResource) strict.probe(source(url))).lengthBytes()).isEqualTo(5);
    }
  }

  @Test
  void aChangedHostKeyIsAlwaysRefused(@TempDir Path home) throws Exception {
    Path knownHosts = home.resolve("elsewhere_known_hosts");
    Files.writeString(knownHosts, server.knownHostsLine(SftpTestServer.ed25519().getPublic()));
    Map<String, String> options =
        Map.of("sftp.knownHosts", knownHosts.toString(), "sftp.acceptNewHostKey", "true");
    try (SftpProtocol sftp = protocol(home, options, Prompt.none())) {
      assertThatThrownBy(() -> sftp.probe(source(url)))
          .isInstanceOfSatisfying(
              TransferException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.HOST_KEY_REJECTED);
                assertThat(e.getMessage())
                    .contains("CHANGED")
                    .contains(KeyUtils.getFingerPrint(server.hostKey()));
              });
    }
  }
}
