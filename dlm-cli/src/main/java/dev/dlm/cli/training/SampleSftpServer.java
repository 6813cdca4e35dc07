package dev.dlm.cli.training;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA SSHD's SFTP server on 127.0.0.1 over a directory of the training's own, so {@code dlm get
 * sftp://} trains the SSH client (key exchange, ciphers, public-key login, pipelined reads) without
 * an sshd on the machine. Host and client keys are ed25519 pairs made for this run; the client's
 * private key is written beside the served files and the real {@code ~/.ssh} is never read.
 */
final class SampleSftpServer implements AutoCloseable {

  static final String USER = "dlm";

  private final SshServer sshd;
  private final Path root;
  private final Path clientKey;

  private SampleSftpServer(SshServer sshd, Path root, Path clientKey) {
    this.sshd = sshd;
    this.root = root;
    this.clientKey = clientKey;
  }

  /** Serves {@code work/sftp-root} and writes the client's private key to {@code work/id_ed25519}. */
  static SampleSftpServer start(Path work) throws IOException, GeneralSecurityException {
    Path root = Files.createDirectories(work.resolve("sftp-root"));
    KeyPair client = ed25519();
    Path clientKey = work.resolve("id_ed25519");
    try (OutputStream out = Files.newOutputStream(clientKey)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "dlm-training", null, out);
    }
    PublicKey allowed = client.getPublic();
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(ed25519()));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, allowed));
    sshd.setPasswordAuthenticator(null);
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
    sshd.start();
    return new SampleSftpServer(sshd, root, clientKey);
  }

  /** Writes a file of {@code sizeBytes} pseudo-random bytes at {@code /name} and returns its URL. */
  URI add(String name, int sizeBytes) throws IOException {
    byte[] content = new byte[sizeBytes];
    new SplittableRandom(name.hashCode()).nextBytes(content);
    Files.write(root.resolve(name), content);
    return URI.create("sftp://" + USER + "@127.0.0.1:" + sshd.getPort() + "/" + name);
  }

  /** The private key file that logs in as {@link #USER}. */
  Path clientKey() {
    return clientKey;
  }

  private static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }
}
