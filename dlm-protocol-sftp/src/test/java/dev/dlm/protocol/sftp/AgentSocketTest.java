package dev.dlm.protocol.sftp;

import static dev.dlm.protocol.sftp.SftpFixtures.protocol;
import static dev.dlm.protocol.sftp.SftpFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.RangedResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Public-key login through a real OpenSSH {@code ssh-agent} on a socket in a temp directory. */
class AgentSocketTest {

  @Test
  void logsInWithAKeyHeldByTheSshAgent(@TempDir Path root, @TempDir Path home) throws Exception {
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-agent"))
            && Files.isExecutable(Path.of("/usr/bin/ssh-add")),
        "OpenSSH's ssh-agent is not installed");
    Files.writeString(root.resolve("f.txt"), "via the agent");
    KeyPair userKey = SftpTestServer.ed25519();
    Path key = SftpTestServer.writePrivateKey(home.resolve("agent_key"), userKey, null);
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    Path socket = home.resolve("agent.sock");
    Process agent =
        new ProcessBuilder("/usr/bin/ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("agent.log").toFile())
            .start();
    try (SftpTestServer server =
        new SftpTestServer(root, SftpTestServer.ed25519(), userKey.getPublic())) {
      await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
      ProcessBuilder add =
          new ProcessBuilder("/usr/bin/ssh-add", key.toString()).redirectErrorStream(true);
      add.environment().put("SSH_AUTH_SOCK", socket.toString());
      Process adding = add.start();
      String said = new String(adding.getInputStream().readAllBytes());
      assertThat(adding.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(adding.exitValue()).as(said).isZero();
      Files.createDirectories(home.resolve(".ssh"));
      Files.writeString(home.resolve(".ssh/known_hosts"), server.knownHostsLine(server.hostKey()));

      try (SftpProtocol sftp =
          protocol(home, Map.of("sftp.agent", socket.toString()), Prompt.none())) {
        String url = "sftp://" + SftpTestServer.USER + "@127.0.0.1:" + server.port() + "/f.txt";

        assertThat(((RangedResource) sftp.probe(source(url))).lengthBytes()).isEqualTo(13);
      }
    } finally {
      agent.destroy();
      agent.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
