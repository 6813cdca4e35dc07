package dev.dlm.protocol.sftp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.SftpModuleProperties;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * MINA SSHD's own SFTP server on 127.0.0.1 (ephemeral port) over a temp directory, with an ed25519
 * host key made for this run, password and public-key logins for {@link #USER}, and a way to cut
 * every session mid-transfer.
 */
final class SftpTestServer implements AutoCloseable {

  static final String USER = "bob";
  static final String PASSWORD = "hunter2";

  private final SshServer sshd;
  private final KeyPair hostKey;

  SftpTestServer(Path root, KeyPair hostKey, PublicKey userKey) throws IOException {
    this.hostKey = hostKey;
    sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    sshd.setPasswordAuthenticator(
        (user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
    sshd.setPublickeyAuthenticator(
        (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, userKey));
    sshd.setKeyboardInteractiveAuthenticator(null);
    sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
    sshd.start();
  }

  int port() {
    return sshd.getPort();
  }

  PublicKey hostKey() {
    return hostKey.getPublic();
  }

  /** The most bytes one READ reply carries (and what the server states in limits@openssh.com). */
  void readLimit(int maxReadBytes) {
    SftpModuleProperties.MAX_READDATA_PACKET_LENGTH.set(sshd, maxReadBytes);
  }

  /**
   * Restricts what new sessions may negotiate to {@code cipher} and {@code macs}, as a server
   * configured without AES-GCM would.
   */
  void offer(String cipher, String... macs) {
    sshd.setCipherFactoriesNames(cipher);
    sshd.setMacFactoriesNames(macs);
  }

  /** Closes every session from the server side, as a crashed or restarted server would. */
  void dropSessions() {
    sshd.getActiveSessions().forEach(session -> session.close(true));
  }

  /** The known_hosts line that trusts {@code key} for this server. */
  String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(key) + "\n";
  }

  @Override
  public void close() throws IOException {
    sshd.stop(true);
  }

  static KeyPair ed25519() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  /** Writes {@code key} as an OpenSSH private key file, encrypted when a passphrase is given. */
  static Path writePrivateKey(Path file, KeyPair key, String passphrase)
      throws IOException, GeneralSecurityException {
    OpenSSHKeyEncryptionContext encryption = null;
    if (passphrase != null) {
      encryption = new OpenSSHKeyEncryptionContext();
      encryption.setPassword(passphrase);
      encryption.setCipherName("AES");
      encryption.setCipherMode("CTR");
      encryption.setCipherType("256");
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", encryption, out);
    }
    return file;
  }
}
