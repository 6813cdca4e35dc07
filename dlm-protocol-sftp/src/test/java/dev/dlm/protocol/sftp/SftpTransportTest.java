package dev.dlm.protocol.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SSH transport under a read negotiates and how it reads the socket. */
class SftpTransportTest {

  static final byte[] DATA = TestData.bytes(41, 2 * 1024 * 1024 + 333);

  @TempDir Path root;
  @TempDir Path home;
  SftpTestServer server;
  SftpPool pool;
  SftpEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    Files.write(root.resolve("data.bin"), DATA);
    server = new SftpTestServer(root, SftpTestServer.ed25519(), SftpTestServer.ed25519().getPublic());
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine(server.hostKey()));
    ProtocolContext context = SftpFixtures.context(Map.of(), Prompt.none(), home.resolve("netrc"));
    pool = new SftpPool(SftpSettings.from(context, home, Map.of()), Prompt.none());
    endpoint =
        new SftpEndpoint(
            "127.0.0.1", server.port(), SftpTestServer.USER, Optional.of(SftpTestServer.PASSWORD));
  }

  @AfterEach
  void stop() throws Exception {
    pool.close();
    server.close();
  }

  @Test
  void negotiatesAesGcmWhenTheServerOffersIt() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      ClientSession session = connection.session();
      assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC))
          .isEqualTo("aes128-gcm@openssh.com");
      assertThat(readAll(connection)).isEqualTo(DATA);
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void fallsBackToCtrWithAnEncryptThenMacSha2() throws Exception {
    server.offer("aes256-ctr", "hmac-sha1", "hmac-sha2-256-etm@openssh.com");
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      ClientSession session = connection.session();
      assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC))
          .isEqualTo("aes256-ctr");
      assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CMAC))
          .isEqualTo("hmac-sha2-256-etm@openssh.com");
      assertThat(readAll(connection)).isEqualTo(DATA);
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void neverOffersCbcOrSha1() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      ClientSession session = connection.session();
      assertThat(session.getCipherFactoriesNames()).noneMatch(name -> name.contains("cbc"));
      assertThat(session.getMacFactoriesNames())
          .isNotEmpty()
          .allMatch(name -> name.startsWith("hmac-sha2-"));
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void readsTheSocketInLargeChunks() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      assertThat(CoreModuleProperties.NIO2_READ_BUFFER_SIZE.getRequired(connection.session()))
          .isEqualTo(SftpPool.SOCKET_READ_BYTES);
    } finally {
      pool.release(connection);
    }
  }

  private static byte[] readAll(SftpPool.Connection connection) throws Exception {
    SftpClient.CloseableHandle handle =
        connection.sftp().open("/data.bin", SftpClient.OpenMode.Read);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in =
        new PipelinedRead(
            connection.sftp(),
            handle,
            0,
            DATA.length,
            connection.readBytes(),
            new ReadBudget(8L * 1024 * 1024, 8L * 1024 * 1024),
            Duration.ofSeconds(10))) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }
}
