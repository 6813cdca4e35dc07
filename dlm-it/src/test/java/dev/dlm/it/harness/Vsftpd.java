package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real vsftpd on loopback, logging {@link TestAccount} in and serving a directory as its login
 * directory: plain FTP with explicit TLS available ({@code AUTH TLS}), or implicit TLS on the whole
 * port, with a connection limit per address and a per-session rate limit when asked.
 *
 * <p>vsftpd runs in the foreground ({@code background=NO}) as a child of the test JVM with its config,
 * self-signed certificate and log in the work directory; {@link #close()} stops it and the session
 * processes it forked. Its log ({@code log_ftp_protocol}) is the server's record of logins and of the
 * bytes each transfer sent, finished or cut short.
 */
public final class Vsftpd implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final int PASSIVE_PORTS = 40;
  private static final Pattern DOWNLOAD =
      Pattern.compile("\\] (OK|FAIL) DOWNLOAD: Client \"127\\.0\\.0\\.1\", \"([^\"]*)\", (\\d+) bytes");
  private static final Pattern RETR = Pattern.compile("FTP command: Client \"127\\.0\\.0\\.1\", \"RETR ([^\"]*)\"");

  private final Process process;
  private final int port;
  private final Path log;

  private Vsftpd(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Skips the test (fails it under {@code CI=true}) when vsftpd is missing; call it before taking
   * {@link TestAccount}, so a machine without vsftpd gets no test account.
   */
  public static void requireInstalled() {
    RequiredCommand.find("vsftpd", "vsftpd");
  }

  /** Starts describing a server whose login directory is {@code root}. */
  public static Builder serving(Path root) {
    return new Builder(root);
  }

  /** Settings chosen before the server starts. */
  public static final class Builder {
    private final Path root;
    private int maxPerIp = 32;
    private long maxRateBytesPerSecond;
    private boolean implicitTls;

    private Builder(Path root) {
      this.root = root.toAbsolutePath();
    }

    /** Sessions allowed from one address ({@code max_per_ip}); beyond it vsftpd answers 421. */
    public Builder maxPerIp(int sessions) {
      this.maxPerIp = sessions;
      return this;
    }

    /** Caps every session's transfers ({@code local_max_rate}). */
    public Builder maxRate(long bytesPerSecond) {
      this.maxRateBytesPerSecond = bytesPerSecond;
      return this;
    }

    /** TLS from the first byte on the control port ({@code implicit_ssl}), as {@code ftps://} expects. */
    public Builder implicitTls() {
      this.implicitTls = true;
      return this;
    }

    /**
     * Writes the config and certificate under {@code workDir}, starts vsftpd and waits until it
     * accepts connections. The served tree must be readable by {@code account} (vsftpd reads files as
     * the logged-in user); the directories above it are opened up for that.
     */
    public Vsftpd start(Path workDir, TestAccount.Lease account) {
      Path vsftpd = RequiredCommand.find("vsftpd", "vsftpd");
      try {
        Path dir = Files.createDirectories(workDir.toAbsolutePath());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        WorldReadable.make(root);
        WorldReadable.make(dir);
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        SelfSignedCertificate.write(dir.resolve("server.p12"), "vsftpd.dlm-it.invalid", cert, key);
        IllegalStateException lastFailure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
          int port = Processes.freePort();
          int passiveFrom = freePortRange();
          Path log = dir.resolve("vsftpd-" + attempt + ".log");
          Path conf = dir.resolve("vsftpd-" + attempt + ".conf");
          Files.writeString(conf, config(port, passiveFrom, empty, cert, key, log, account));
          Path output = dir.resolve("vsftpd-" + attempt + ".out");
          Process process =
              new ProcessBuilder(vsftpd.toString(), conf.toString())
                  .redirectErrorStream(true)
                  .redirectOutput(output.toFile())
                  .start();
          Vsftpd server = new Vsftpd(process, port, log);
          if (server.awaitListening()) {
            return server;
          }
          server.close();
          lastFailure = new IllegalStateException("vsftpd did not start: " + Files.readString(output).strip());
        }
        throw lastFailure;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String config(
        int port, int passiveFrom, Path empty, Path cert, Path key, Path log, TestAccount.Lease account) {
      return """
          # Generated by the dlm integration-test harness.
          listen=YES
          listen_ipv6=NO
          listen_address=127.0.0.1
          listen_port=%d
          background=NO
          seccomp_sandbox=NO
          secure_chroot_dir=%s
          anonymous_enable=NO
          local_enable=YES
          userlist_enable=YES
          userlist_deny=NO
          userlist_file=%s
          write_enable=NO
          local_root=%s
          pam_service_name=vsftpd
          pasv_enable=YES
          pasv_address=127.0.0.1
          pasv_min_port=%d
          pasv_max_port=%d
          max_per_ip=%d
          max_clients=200
          local_max_rate=%d
          syslog_enable=NO
          xferlog_enable=YES
          vsftpd_log_file=%s
          log_ftp_protocol=YES
          ssl_enable=YES
          implicit_ssl=%s
          rsa_cert_file=%s
          rsa_private_key_file=%s
          force_local_logins_ssl=NO
          force_local_data_ssl=NO
          require_ssl_reuse=NO
          ssl_ciphers=HIGH
          """
          .formatted(
              port,
              empty,
              writeUserList(empty.resolveSibling("users"), account.user()),
              root,
              passiveFrom,
              passiveFrom + PASSIVE_PORTS - 1,
              maxPerIp,
              maxRateBytesPerSecond,
              log,
              implicitTls ? "YES" : "NO",
              cert,
              key);
    }
  }

  /** The control port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /**
   * {@code scheme://user:password@127.0.0.1:port/path}, {@code path} relative to the login directory
   * (the served root).
   */
  public String url(String scheme, TestAccount.Lease account, String path) {
    return scheme + "://" + account.user() + ":" + account.password() + "@127.0.0.1:" + port + "/" + path;
  }

  /** Logins vsftpd refused so far. */
  public long failedLogins() {
    return lines().stream().filter(line -> line.contains("] FAIL LOGIN: Client")).count();
  }

  /**
   * Waits until vsftpd has logged the end of every {@code RETR} of {@code file} (a session whose
   * client was killed logs a failed download once it notices), then returns the bytes it sent for
   * that file over all of them.
   */
  public long awaitBytesSent(Path file, Duration timeout) {
    String name = file.toAbsolutePath().toString();
    try {
      Awaitility.await("vsftpd to log the end of every transfer of " + name)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> transfers(name).size() >= retrievals(name));
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "vsftpd logged " + transfers(name).size() + " ends of " + retrievals(name) + " RETR of " + name, e);
    }
    return transfers(name).stream().mapToLong(Long::longValue).sum();
  }

  /** The server's log, for failure messages. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    Processes.stop(process);
  }

  private List<Long> transfers(String name) {
    List<Long> bytes = new ArrayList<>();
    for (String line : lines()) {
      Matcher m = DOWNLOAD.matcher(line);
      if (m.find() && m.group(2).equals(name)) {
        bytes.add(Long.parseLong(m.group(3)));
      }
    }
    return bytes;
  }

  /** The {@code RETR} commands for {@code file} vsftpd has received: one per connection that read it. */
  public long retrievals(Path file) {
    return retrievals(file.toAbsolutePath().toString());
  }

  /** Whether vsftpd has turned a connection away for its per-address limit ({@code 421}). */
  public boolean refusedForConnectionLimit() {
    return lines().stream().anyMatch(line -> line.contains("\"421 There are too many connections"));
  }

  /** RETR commands naming {@code name}, relative to the root or absolute, as the client sent them. */
  private long retrievals(String name) {
    return lines().stream()
        .map(RETR::matcher)
        .filter(Matcher::find)
        .filter(m -> name.endsWith("/" + m.group(1).replaceFirst("^/+", "")))
        .count();
  }

  private List<String> lines() {
    try {
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean awaitListening() {
    try {
      Awaitility.await("vsftpd to listen on port " + port)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !process.isAlive() || Processes.accepts(port));
    } catch (ConditionTimeoutException e) {
      return false;
    }
    return process.isAlive();
  }

  private static String writeUserList(Path file, String user) {
    try {
      Files.writeString(file, user + "\n");
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first port of {@value #PASSIVE_PORTS} consecutive ports free on 127.0.0.1 now, picked at
   * random in the dynamic range so concurrent test runs rarely collide (vsftpd takes a fixed range).
   */
  private static int freePortRange() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int attempt = 0; attempt < 50; attempt++) {
      int from = random.nextInt(20_000, 60_000 - PASSIVE_PORTS);
      if (allFree(from)) {
        return from;
      }
    }
    throw new IllegalStateException("no " + PASSIVE_PORTS + " consecutive free ports on 127.0.0.1");
  }

  private static boolean allFree(int from) {
    for (int port = from; port < from + PASSIVE_PORTS; port++) {
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        socket.setReuseAddress(true);
      } catch (IOException taken) {
        return false;
      }
    }
    return true;
  }
}
