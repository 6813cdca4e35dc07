package dev.dlm.it.harness;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real {@code dlm} binary, as {@link Dlm} runs it, but with a user home of the test's own: SFTP
 * reads {@code ~/.ssh} (known_hosts, default keys) from the JVM's {@code user.home}, which Java takes
 * from the password database, not from {@code HOME} — so only {@code -Duser.home} keeps a test away
 * from the real {@code ~/.ssh} of whoever runs it. The SSH agent of the caller is hidden as well.
 *
 * <p>{@link Dlm} has no way to add a JVM flag; once it has, this class can go.
 */
public final class DlmWithUserHome {

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> HIDDEN_VARIABLES =
      List.of(
          "SSH_AUTH_SOCK", "SSH_AGENT_PID", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
          "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY");

  private final Path jar;
  private final Path dlmHome;
  private final Path userHome;
  private final Path logDir;
  private final AtomicInteger runs = new AtomicInteger();

  private DlmWithUserHome(Path jar, Path dlmHome, Path userHome, Path logDir) {
    this.jar = jar;
    this.dlmHome = dlmHome;
    this.userHome = userHome;
    this.logDir = logDir;
  }

  /**
   * A dlm with its home ({@code DLM_HOME}), its user home and its captured output under {@code
   * workDir}; the user home starts empty (no {@code .ssh}).
   */
  public static DlmWithUserHome in(Path workDir) {
    Path jar = Path.of(System.getProperty("dlm.jar", "../dlm-cli/target/dlm.jar")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      fail("the dlm jar is missing at " + jar + "; build it with ./build -pl dlm-cli -am package");
    }
    try {
      return new DlmWithUserHome(
          jar,
          Files.createDirectories(workDir.resolve("home")),
          Files.createDirectories(workDir.resolve("user")),
          Files.createDirectories(workDir.resolve("logs")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The user home dlm sees: {@code ~/.ssh/known_hosts} is {@code userHome().resolve(".ssh/known_hosts")}. */
  public Path userHome() {
    return userHome;
  }

  /** {@code ~/.ssh/known_hosts} under {@link #userHome()}. */
  public Path knownHosts() {
    return userHome.resolve(".ssh/known_hosts");
  }

  /** Starts {@code dlm args...} in {@code workingDir} without waiting for it. */
  public Running start(Path workingDir, String... args) {
    int run = runs.incrementAndGet();
    Path stdout = logDir.resolve("run-" + run + ".stdout");
    Path stderr = logDir.resolve("run-" + run + ".stderr");
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests")));
    command.addAll(Dlm.JVM_FLAGS);
    command.add("-Duser.home=" + userHome);
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDir.toFile())
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> env = builder.environment();
    HIDDEN_VARIABLES.forEach(env::remove);
    env.put("DLM_HOME", dlmHome.toString());
    env.put("HOME", userHome.toString());
    try {
      return new Running(builder.start(), command, stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code dlm args...} in {@code workingDir} to the end (at most two minutes). */
  public Dlm.Result run(Path workingDir, String... args) {
    return start(workingDir, args).await(DEFAULT_TIMEOUT);
  }

  /** A dlm process still running. */
  public static final class Running {
    private final Process process;
    private final List<String> command;
    private final Path stdout;
    private final Path stderr;

    private Running(Process process, List<String> command, Path stdout, Path stderr) {
      this.process = process;
      this.command = command;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    /** Whether it is still running. */
    public boolean isAlive() {
      return process.isAlive();
    }

    /** Bytes written so far ({@code wchar} of {@code /proc/PID/io}), as {@link Dlm.Running#writtenBytes()}. */
    public long writtenBytes() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
          if (line.startsWith("wchar:")) {
            return Long.parseLong(line.substring("wchar:".length()).strip());
          }
        }
        return 0;
      } catch (IOException gone) {
        return 0;
      }
    }

    /** Sends SIGKILL and waits for the process to be gone. */
    public Dlm.Result kill() {
      process.destroyForcibly();
      return await(Duration.ofSeconds(30));
    }

    /** Waits for the process to end, failing the test if it takes longer than {@code timeout}. */
    public Dlm.Result await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(30, TimeUnit.SECONDS);
          fail("dlm did not finish within " + timeout + ": " + String.join(" ", command) + "\nstderr: " + read(stderr));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new Dlm.Result(process.exitValue(), read(stdout), read(stderr));
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
