package dev.dlm.protocol.sftp;

import dev.dlm.spi.IdleSessions;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHLimitsExtension;

/**
 * Logged-in SFTP sessions per endpoint. An SSH login costs a key exchange and several round trips,
 * so a session whose last read ended cleanly is kept for the next range instead of being closed.
 * Each borrowed session serves one stream at a time, so concurrent segments read over separate TCP
 * connections and separate cipher streams.
 *
 * <p>Connecting, authenticating and closing sessions run outside any lock.
 */
final class SftpPool implements AutoCloseable {

  /**
   * Bytes the server may send before we acknowledge, and how far a read's requests run ahead of
   * what was handed out ({@link PipelinedRead}): 32 requests of 255 KiB against OpenSSH (whose
   * {@code sftp} keeps 64 such), 256 of 32 KiB against servers that state no limit.
   */
  static final long WINDOW_BYTES = 8L * 1024 * 1024;

  /**
   * Bytes MINA reads from the socket at once (its default is 32 KiB). One call then takes several
   * 32 KiB SSH packets instead of splitting each across two reads: a 1 GiB download makes about
   * 4,100 reads instead of 33,000, each one a completion callback and a copy out of the JDK's
   * temporary direct buffer.
   */
  static final int SOCKET_READ_BYTES = 256 * 1024;

  /** READ size for servers that do not state theirs: what OpenSSH's sftp asks by default. */
  static final int DEFAULT_READ_BYTES = 32 * 1024;

  /**
   * The largest READ size used: OpenSSH's own limit, and below the 256 KiB SFTP packet MINA's
   * client accepts.
   */
  static final int MAX_READ_BYTES = 255 * 1024;

  /** A floor against a server stating a nonsensical limit. */
  private static final int MIN_READ_BYTES = 1024;

  private static final String LIMITS_EXTENSION = "limits@openssh.com";

  private static final int MAX_IDLE_PER_ENDPOINT = 16;
  static final int LOGINS_IN_FLIGHT = 4;

  /**
   * AES-GCM first: the JDK runs it on the CPU's AES instructions, while MINA's ChaCha20-Poly1305
   * (OpenSSH's first choice, and so what the default order negotiates) is plain Java and caps a
   * session's throughput on the CPU. CTR modes and ChaCha20 stay as fallbacks.
   */
  static final List<String> CIPHERS =
      List.of(
          "aes128-gcm@openssh.com",
          "aes256-gcm@openssh.com",
          "aes128-ctr",
          "aes256-ctr",
          "chacha20-poly1305@openssh.com");

  /**
   * MACs for the CTR fallbacks (AES-GCM carries its own tag): SHA-2 only, encrypt-then-MAC first.
   * MINA's default list also offers SHA-1 MACs, which OpenSSH no longer prefers either.
   */
  static final List<String> MACS =
      List.of(
          "hmac-sha2-256-etm@openssh.com",
          "hmac-sha2-512-etm@openssh.com",
          "hmac-sha2-256",
          "hmac-sha2-512");

  /**
   * A logged-in session and its SFTP channel.
   *
   * @param readBytes bytes per READ request this server serves in full
   */
  record Connection(
      SftpEndpoint endpoint, ClientSession session, PipelinedSftpClient sftp, int readBytes) {
    boolean open() {
      return session.isOpen() && sftp.isOpen();
    }

    /**
     * Closes the whole session at once: its channel goes with it, without the graceful channel
     * close that would wait for every outstanding read reply first.
     */
    void close() {
      session.close(true);
    }
  }

  private final SftpSettings settings;
  private final Prompt prompt;
  private final LoginPermits logins;
  private final ReentrantLock lock = new ReentrantLock();
  private SshClient client;
  private final IdleSessions<SftpEndpoint, Connection> idle =
      new IdleSessions<>(MAX_IDLE_PER_ENDPOINT);
  private final Map<SftpEndpoint, String> promptedPasswords = new ConcurrentHashMap<>();
  private boolean closed;

  SftpPool(SftpSettings settings, Prompt prompt) {
    this.settings = settings;
    this.prompt = prompt;
    this.logins = new LoginPermits(LOGINS_IN_FLIGHT, settings.connectTimeout().multipliedBy(4));
  }

  /**
   * The SSH client, started on first use: the engine creates every protocol at start-up, and most
   * runs never open an SFTP session, so its threads are not made until one does.
   */
  private SshClient client() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the SFTP protocol is closed");
      }
      if (client == null) {
        SshClient created = SshClient.setUpDefaultClient();
        created.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        created.setServerKeyVerifier(
            new HostKeyCheck(settings.knownHosts(), settings.acceptNewHostKey()));
        created.setKeyIdentityProvider(new KeyIdentities(settings.identities(), prompt));
        settings.agentSocket().map(AgentSocket::factory).ifPresent(created::setAgentFactory);
        created.setCipherFactoriesNames(CIPHERS);
        created.setMacFactoriesNames(MACS);
        CoreModuleProperties.WINDOW_SIZE.set(created, WINDOW_BYTES);
        CoreModuleProperties.NIO2_READ_BUFFER_SIZE.set(created, SOCKET_READ_BYTES);
        CoreModuleProperties.IDLE_TIMEOUT.set(created, settings.readTimeout());
        created.start();
        client = created;
      }
      return client;
    } finally {
      lock.unlock();
    }
  }

  /**
   * An open idle session to {@code endpoint}, or a new one. Every borrowed session must come back
   * through {@link #release} or {@link #discard}. How many are borrowed at once per host is the
   * engine's to bound ({@code ProtocolContext.maxConnectionsPerHost}); the pool bounds only the
   * logins in flight, which the engine cannot see.
   */
  Connection borrow(SftpEndpoint endpoint) throws TransferException {
    while (true) {
      Connection connection = idle.poll(endpoint);
      if (connection == null) {
        return connect(endpoint);
      }
      if (connection.open()) {
        return connection;
      }
      connection.close();
    }
  }

  void release(Connection connection) {
    if (!connection.open() || !idle.offer(connection.endpoint(), connection)) {
      connection.close();
    }
  }

  void discard(Connection connection) {
    connection.close();
  }

  int idleCount(SftpEndpoint endpoint) {
    return idle.count(endpoint);
  }

  /**
   * Logs in with at most {@link #LOGINS_IN_FLIGHT} handshakes per host at a time: OpenSSH drops
   * connections beyond {@code MaxStartups} (10 unauthenticated by default), so sixteen segments
   * connecting at once would lose several to resets; in small batches they all get in.
   */
  private Connection connect(SftpEndpoint endpoint) throws TransferException {
    logins.acquire(endpoint.host());
    try {
      return login(endpoint);
    } finally {
      logins.release(endpoint.host());
    }
  }

  private Connection login(SftpEndpoint endpoint) throws TransferException {
    String where = endpoint.display();
    ClientSession session;
    try {
      session =
          client()
              .connect(endpoint.user(), endpoint.host(), endpoint.port())
              .verify(settings.connectTimeout())
              .getClientSession();
    } catch (IOException e) {
      throw SftpFailures.of(e, where);
    }
    try {
      session.setPasswordIdentityProvider(
          ctx -> password(endpoint).map(List::of).orElse(List.of()));
      session.auth().verify(settings.connectTimeout());
      PipelinedSftpClient sftp = new PipelinedSftpClient(session);
      return new Connection(endpoint, session, sftp, readBytes(sftp));
    } catch (IOException | RuntimeException e) {
      Optional<String> refusal = HostKeyCheck.refusal(session);
      session.close(true);
      if (refusal.isPresent()) {
        throw SftpFailures.hostKey(refusal.get());
      }
      if (String.valueOf(e.getMessage())
          .toLowerCase(java.util.Locale.ROOT)
          .contains("authentication")) {
        promptedPasswords.remove(endpoint);
        throw SftpFailures.authFailed(where);
      }
      throw SftpFailures.of(e, where);
    }
  }

  /**
   * The READ size to use: what the server says it serves ({@code limits@openssh.com}, OpenSSH 8.6
   * and later: 255 KiB), else 32 KiB, which every server serves in full. A larger request that a
   * server shortens costs a second request for the rest, so the size is never guessed upwards.
   */
  static int readBytes(SftpClient sftp) throws IOException {
    if (!sftp.getServerExtensions().containsKey(LIMITS_EXTENSION)) {
      return DEFAULT_READ_BYTES;
    }
    long served = sftp.getExtension(OpenSSHLimitsExtension.class).limits().maxReadLength;
    if (served <= 0) {
      return DEFAULT_READ_BYTES;
    }
    return (int) Math.max(MIN_READ_BYTES, Math.min(MAX_READ_BYTES, served));
  }

  /** The URL's or netrc's password, else one typed at the prompt (asked once per endpoint). */
  private Optional<String> password(SftpEndpoint endpoint) {
    if (endpoint.password().isPresent()) {
      return endpoint.password();
    }
    String known = promptedPasswords.get(endpoint);
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> typed =
        prompt
            .secret("Password for " + endpoint.display() + ": ")
            .map(String::new)
            .filter(s -> !s.isEmpty());
    typed.ifPresent(p -> promptedPasswords.put(endpoint, p));
    return typed;
  }

  @Override
  public void close() {
    SshClient started;
    lock.lock();
    try {
      closed = true;
      started = client;
    } finally {
      lock.unlock();
    }
    idle.drain().forEach(Connection::close);
    if (started != null) {
      started.stop();
    }
  }
}
