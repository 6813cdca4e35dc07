package dev.dlm.protocol.sftp;

import dev.dlm.spi.Prompt;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
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
import org.apache.sshd.sftp.client.SftpClientFactory;

/**
 * Logged-in SFTP sessions per endpoint. An SSH login costs a key exchange and several round trips,
 * so a session whose last read ended cleanly is kept for the next range instead of being closed.
 * Each borrowed session serves one stream at a time, so concurrent segments read over separate TCP
 * connections and separate cipher streams.
 *
 * <p>The lock guards only the idle lists: connecting, authenticating and closing run outside it.
 */
final class SftpPool implements AutoCloseable {

  /** Bytes the server may send before we acknowledge: read-ahead is window / request size. */
  static final long WINDOW_BYTES = 8L * 1024 * 1024;

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

  /** A logged-in session and its SFTP channel. */
  record Connection(SftpEndpoint endpoint, ClientSession session, SftpClient sftp) {
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
  private final HostPermits permits;
  private final HostPermits logins;
  private final ReentrantLock lock = new ReentrantLock();
  private SshClient client;
  private final Map<SftpEndpoint, Deque<Connection>> idle = new HashMap<>();
  private final Map<SftpEndpoint, String> promptedPasswords = new ConcurrentHashMap<>();
  private boolean closed;

  SftpPool(SftpSettings settings, Prompt prompt, HostPermits permits) {
    this.settings = settings;
    this.prompt = prompt;
    this.permits = permits;
    this.logins = new HostPermits(LOGINS_IN_FLIGHT, settings.connectTimeout().multipliedBy(4));
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
        CoreModuleProperties.WINDOW_SIZE.set(created, WINDOW_BYTES);
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
   * An open idle session to {@code endpoint}, or a new one, once one of the host's permits is free.
   * Every borrowed session must come back through {@link #release} or {@link #discard}, which
   * return the permit.
   */
  Connection borrow(SftpEndpoint endpoint) throws TransferException {
    permits.acquire(endpoint.host());
    try {
      return idleOrNew(endpoint);
    } catch (TransferException | RuntimeException e) {
      permits.release(endpoint.host());
      throw e;
    }
  }

  private Connection idleOrNew(SftpEndpoint endpoint) throws TransferException {
    while (true) {
      Connection connection = takeIdle(endpoint);
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
    permits.release(connection.endpoint().host());
    lock.lock();
    try {
      if (!closed && connection.open()) {
        Deque<Connection> connections =
            idle.computeIfAbsent(connection.endpoint(), e -> new ArrayDeque<>());
        if (connections.size() < MAX_IDLE_PER_ENDPOINT) {
          connections.push(connection);
          return;
        }
      }
    } finally {
      lock.unlock();
    }
    connection.close();
  }

  void discard(Connection connection) {
    permits.release(connection.endpoint().host());
    connection.close();
  }

  int idleCount(SftpEndpoint endpoint) {
    lock.lock();
    try {
      Deque<Connection> connections = idle.get(endpoint);
      return connections == null ? 0 : connections.size();
    } finally {
      lock.unlock();
    }
  }

  private Connection takeIdle(SftpEndpoint endpoint) {
    lock.lock();
    try {
      Deque<Connection> connections = idle.get(endpoint);
      return connections == null ? null : connections.poll();
    } finally {
      lock.unlock();
    }
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
      SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
      return new Connection(endpoint, session, sftp);
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
    List<Connection> all = new ArrayList<>();
    SshClient started;
    lock.lock();
    try {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
      started = client;
    } finally {
      lock.unlock();
    }
    all.forEach(Connection::close);
    if (started != null) {
      started.stop();
    }
  }
}
