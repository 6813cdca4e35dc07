package dev.dlm.protocol.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinedReadTest {

  static final int SERVER_READ_LIMIT_BYTES = 40_000;
  static final byte[] DATA = TestData.bytes(23, 3 * 1024 * 1024 + 777);

  @TempDir static Path root;
  @TempDir static Path home;
  static SftpTestServer server;
  static SftpPool pool;
  static SftpEndpoint endpoint;

  @BeforeAll
  static void start() throws Exception {
    Files.write(root.resolve("data.bin"), DATA);
    server = new SftpTestServer(root, SftpTestServer.ed25519(), SftpTestServer.ed25519().getPublic());
    server.readLimit(SERVER_READ_LIMIT_BYTES);
    Files.createDirectories(home.resolve(".ssh"));
    Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine(server.hostKey()));
    ProtocolContext context =
        SftpFixtures.context(Map.of(), Prompt.none(), home.resolve("netrc"));
    pool = new SftpPool(SftpSettings.from(context, home, Map.of()), Prompt.none());
    endpoint =
        new SftpEndpoint(
            "127.0.0.1", server.port(), SftpTestServer.USER, Optional.of(SftpTestServer.PASSWORD));
  }

  @AfterAll
  static void stop() throws Exception {
    pool.close();
    server.close();
  }

  @Test
  void asksForTheReadSizeTheServerStates() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      assertThat(connection.readBytes()).isEqualTo(SERVER_READ_LIMIT_BYTES);
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void repliesShorterThanAskedStillYieldEveryByteInOrder() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      byte[] got = readAll(connection, 1_000, DATA.length, 100_000, 1024 * 1024);

      assertThat(got).isEqualTo(Arrays.copyOfRange(DATA, 1_000, DATA.length));
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void readsToTheEndOfTheFileWhenTheEndIsUnknownAndLeavesTheSessionInStep() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      byte[] whole = readAll(connection, 0, Long.MAX_VALUE, SERVER_READ_LIMIT_BYTES, 512 * 1024);
      byte[] again = readAll(connection, 5, 70_005, SERVER_READ_LIMIT_BYTES, 512 * 1024);

      assertThat(whole).isEqualTo(DATA);
      assertThat(again).isEqualTo(Arrays.copyOfRange(DATA, 5, 70_005));
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void endsEarlyWhenTheFileIsShorterThanTheRange() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      byte[] got =
          readAll(connection, DATA.length - 10, DATA.length + 1_000_000L, 65_536, 1024 * 1024);

      assertThat(got).isEqualTo(Arrays.copyOfRange(DATA, DATA.length - 10, DATA.length));
    } finally {
      pool.release(connection);
    }
  }

  @Test
  void aSessionClosedMidReadFailsTheReadInsteadOfHanging() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    SftpClient.CloseableHandle handle =
        connection.sftp().open("/data.bin", SftpClient.OpenMode.Read);
    PipelinedRead read =
        new PipelinedRead(
            connection.sftp(),
            handle,
            0,
            DATA.length,
            32_768,
            new ReadBudget(256 * 1024, 256 * 1024),
            Duration.ofSeconds(10));
    byte[] buffer = new byte[8192];
    assertThat(read.read(buffer, 0, buffer.length)).isPositive();

    server.dropSessions();

    assertThatThrownBy(
            () -> {
              while (read.read(buffer, 0, buffer.length) >= 0) {
                // drain until the closed channel shows
              }
            })
        .isInstanceOf(IOException.class);
    read.release();
    pool.discard(connection);
  }

  @Test
  void aMissingHandleIsTheServersStatus() throws Exception {
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      SftpClient.CloseableHandle handle =
          connection.sftp().open("/data.bin", SftpClient.OpenMode.Read);
      handle.close();
      PipelinedRead read =
          new PipelinedRead(
              connection.sftp(),
                  handle,
                  0,
                  100,
                  32_768,
                  new ReadBudget(256 * 1024, 256 * 1024),
                  Duration.ofSeconds(10));

      assertThatThrownBy(() -> read.read(new byte[100], 0, 100))
          .isInstanceOfSatisfying(
              SftpException.class,
              e -> assertThat(e.getStatus()).isNotEqualTo(SftpConstants.SSH_FX_OK));
      read.release();
    } finally {
      pool.discard(connection);
    }
  }

  private static byte[] readAll(
      SftpPool.Connection connection,
      long start,
      long end,
      int requestBytes,
      long inFlightBytes)
      throws IOException {
    SftpClient.CloseableHandle handle =
        connection.sftp().open("/data.bin", SftpClient.OpenMode.Read);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream read =
        new PipelinedRead(
            connection.sftp(),
            handle,
            start,
            end,
            requestBytes,
            new ReadBudget(inFlightBytes, inFlightBytes),
            Duration.ofSeconds(10))) {
      read.transferTo(out);
    }
    return out.toByteArray();
  }
}
