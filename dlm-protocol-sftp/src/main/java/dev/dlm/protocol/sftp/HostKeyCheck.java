package dev.dlm.protocol.sftp;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Collection;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * known_hosts, as OpenSSH's {@code StrictHostKeyChecking=accept-new} or {@code yes}: a key never
 * seen for the host is refused (or, with {@code sftp.acceptNewHostKey}, trusted and appended to the
 * file); a key that differs from the recorded one is always refused, since that is what an attack
 * looks like.
 *
 * <p>The reason and the key's fingerprint are left on the session, because the SSH layer reports
 * only "key exchange failed" and the user needs the fingerprint to decide.
 */
final class HostKeyCheck extends KnownHostsServerKeyVerifier {

  /** Why a host key was refused, as one user-facing line. */
  static final AttributeKey<String> REFUSAL = new AttributeKey<>();

  HostKeyCheck(Path knownHosts, boolean acceptNew) {
    super(
        acceptNew ? AcceptAllServerKeyVerifier.INSTANCE : RejectAllServerKeyVerifier.INSTANCE,
        knownHosts);
    setModifiedServerKeyAcceptor(this::refuseChanged);
  }

  @Override
  protected boolean acceptUnknownHostKey(
      ClientSession session, SocketAddress remote, PublicKey key) {
    boolean accepted = super.acceptUnknownHostKey(session, remote, key);
    if (!accepted) {
      session.setAttribute(
          REFUSAL,
          "the host key of "
              + where(session)
              + " is unknown ("
              + KeyUtils.getKeyType(key)
              + " "
              + KeyUtils.getFingerPrint(key)
              + "); if that fingerprint is right, pass "
              + "--accept-new-host-key to trust it and record it in "
              + getPath());
    }
    return accepted;
  }

  /** Creates {@code ~/.ssh} (owner-only) first: a fresh account has no such directory yet. */
  @Override
  protected KnownHostEntry updateKnownHostsFile(
      ClientSession session,
      SocketAddress remote,
      PublicKey key,
      Path file,
      Collection<HostEntryPair> knownHosts)
      throws Exception {
    Path directory = file.toAbsolutePath().getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      try {
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException notPosix) {
        // Windows: the profile directory's ACL already keeps others out
      }
    }
    return super.updateKnownHostsFile(session, remote, key, file, knownHosts);
  }

  private boolean refuseChanged(
      ClientSession session,
      SocketAddress remote,
      KnownHostEntry entry,
      PublicKey expected,
      PublicKey actual) {
    session.setAttribute(
        REFUSAL,
        "the host key of "
            + where(session)
            + " has CHANGED (now "
            + KeyUtils.getKeyType(actual)
            + " "
            + KeyUtils.getFingerPrint(actual)
            + ", recorded "
            + KeyUtils.getFingerPrint(expected)
            + "); someone may be intercepting the connection. If the server's key was really"
            + " replaced, remove its line from "
            + getPath());
    return false;
  }

  static Optional<String> refusal(ClientSession session) {
    return Optional.ofNullable(session.getAttribute(REFUSAL));
  }

  private static String where(ClientSession session) {
    return session.getConnectAddress() instanceof InetSocketAddress address
        ? address.getHostString() + ":" + address.getPort()
        : String.valueOf(session.getConnectAddress());
  }
}
