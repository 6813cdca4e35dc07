package dev.dlm.it.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * The real operating-system account {@value #NAME} that vsftpd and sshd log in: both check logins
 * against the system (PAM, {@code /etc/shadow}, the account's shell), so no virtual user would test
 * what users meet.
 *
 * <p>The account is created on first use (which needs root, as running the daemons does) with home
 * {@code /} and shell {@code /bin/sh} (vsftpd's PAM stack requires a shell listed in {@code
 * /etc/shells}). It has no usable password at rest ({@code *}): a {@link Lease} sets a fresh random
 * one for its duration and clears it on close, so a password in the project's sources can never open
 * a machine's real sshd. Leases are exclusive across processes (a lock file), because concurrent test
 * runs on one machine would otherwise overwrite each other's password.
 */
public final class TestAccount {

  /** The account's user name. */
  public static final String NAME = "dlm-it";

  private static final Path LOCK_FILE = Path.of(System.getProperty("java.io.tmpdir"), "dlm-it-account.lock");
  private static final long LOCK_TIMEOUT_SECONDS = 180;
  private static final Semaphore IN_THIS_JVM = new Semaphore(1);
  private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private TestAccount() {}

  /**
   * Takes the account for the caller (waiting, bounded, for another test run to return it), creating
   * it if missing, and gives it a random password until {@link Lease#close()}. Not running as root
   * skips the test, or fails it under {@code CI=true}.
   */
  public static Lease lease() {
    requireRoot();
    try {
      if (!IN_THIS_JVM.tryAcquire(LOCK_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        fail("another test class kept the " + NAME + " account for " + LOCK_TIMEOUT_SECONDS + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(LOCK_FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = awaitLock(channel);
      createIfMissing();
      String password = randomPassword();
      run(List.of("chpasswd"), NAME + ":" + password + "\n");
      return new Lease(channel, lock, password);
    } catch (IOException e) {
      closeQuietly(channel);
      IN_THIS_JVM.release();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      closeQuietly(channel);
      IN_THIS_JVM.release();
      throw e;
    }
  }

  /** The account held by one test class, with the password valid while it is held. */
  public static final class Lease implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;
    private final String password;
    private boolean closed;

    private Lease(FileChannel channel, FileLock lock, String password) {
      this.channel = channel;
      this.lock = lock;
      this.password = password;
    }

    /** The user name to log in with. */
    public String user() {
      return NAME;
    }

    /** The password valid until {@link #close()}: letters and digits only, safe in a URL. */
    public String password() {
      return password;
    }

    /** Clears the password (no password login works again) and lets the next test run take the account. */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        run(List.of("usermod", "-p", "*", NAME), "");
      } finally {
        try {
          lock.release();
        } catch (IOException ignored) {
          // closing the channel below releases it as well
        }
        closeQuietly(channel);
        IN_THIS_JVM.release();
      }
    }
  }

  /** Fails under CI, else skips, unless the tests run as root (needed to run vsftpd and sshd logins). */
  static void requireRoot() {
    if (isRoot()) {
      return;
    }
    String message = "logging a real account in through vsftpd or sshd needs root; run the tests as root";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("CI=true and " + message);
    }
    Assumptions.abort("skipped: " + message);
  }

  static boolean isRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** {@link FileChannel#lock()} waits without a bound; polling {@code tryLock} keeps the wait bounded. */
  private static FileLock awaitLock(FileChannel channel) {
    AtomicReference<FileLock> lock = new AtomicReference<>();
    Awaitility.await("another test run to return the " + NAME + " account (" + LOCK_FILE + ")")
        .atMost(Duration.ofSeconds(LOCK_TIMEOUT_SECONDS))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> lock.updateAndGet(held -> held != null ? held : tryLock(channel)) != null);
    return lock.get();
  }

  private static FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createIfMissing() {
    if (Processes.exitCode(List.of("id", "-u", NAME)) == 0) {
      return;
    }
    run(
        List.of("useradd", "--system", "--no-create-home", "--home-dir", "/", "--shell", "/bin/sh",
            "--password", "*", "--comment", "dlm integration tests", NAME),
        "");
  }

  private static void run(List<String> command, String input) {
    Processes.run(command, input.getBytes(StandardCharsets.UTF_8));
  }

  private static String randomPassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
