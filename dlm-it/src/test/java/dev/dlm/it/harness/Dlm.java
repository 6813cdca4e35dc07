package dev.dlm.it.harness;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.awaitility.Awaitility;

/**
 * The real {@code dlm} binary (the shaded {@code dlm-cli/target/dlm.jar}) run as a separate process,
 * with the JVM running the tests and the JVM flags of the {@code ./dlm} script — so a test sees
 * exactly what a user sees, exit codes and stderr included, and can kill it with SIGKILL.
 *
 * <p>Each instance has its own home ({@code DLM_HOME}), so tests never share a job store. {@link
 * #withUserHome} also gives it a user home of its own: SFTP reads {@code ~/.ssh} (known_hosts,
 * default keys) from the JVM's {@code user.home}, which Java takes from the password database, not
 * from {@code HOME} — so only {@code -Duser.home} keeps a test away from the real {@code ~/.ssh} of
 * whoever runs it; the caller's SSH agent is hidden as well.
 */
public final class Dlm {

  /**
   * The heap and exit flags {@code ./dlm} passes to the JVM; keep them in step with that script.
   * Its AOT cache and JIT thresholds only change speed, and the tests run the jar before any cache
   * exists.
   */
  public static final List<String> JVM_FLAGS =
      List.of("-XX:+UseSerialGC", "-Xmn8m", "-Xmx256m", "-XX:UserThreadWaitAttemptsAtExit=0");

  private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
  private static final List<String> PROXY_VARIABLES =
      List.of("http_proxy", "https_proxy", "all_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY");
  private static final List<String> AGENT_VARIABLES = List.of("SSH_AUTH_SOCK", "SSH_AGENT_PID");

  private final Path jar;
  private final Path home;
  private final Path logDir;
  private final Path userHome; // null: the user's own
  private final AtomicInteger runs = new AtomicInteger();

  private Dlm(Path jar, Path home, Path logDir, Path userHome) {
    this.jar = jar;
    this.home = home;
    this.logDir = logDir;
    this.userHome = userHome;
  }

  /**
   * A dlm with its home and captured output under {@code workDir}. The jar comes from the system
   * property {@code dlm.jar} that the build sets; a missing jar fails the test (the reactor builds
   * dlm-cli first, so it means the build is broken, not that the test should be skipped).
   */
  public static Dlm withHome(Path workDir) {
    return create(workDir, false);
  }

  /**
   * As {@link #withHome}, and with a user home of its own under {@code workDir} that starts empty (no
   * {@code .ssh}), with the caller's SSH agent hidden.
   */
  public static Dlm withUserHome(Path workDir) {
    return create(workDir, true);
  }

  private static Dlm create(Path workDir, boolean ownUserHome) {
    String configured = System.getProperty("dlm.jar", "../dlm-cli/target/dlm.jar");
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      fail("the dlm jar is missing at " + jar + "; build it with ./build -pl dlm-cli -am package");
    }
    try {
      return new Dlm(
          jar,
          Files.createDirectories(workDir.resolve("home")),
          Files.createDirectories(workDir.resolve("logs")),
          ownUserHome ? Files.createDirectories(workDir.resolve("user")) : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shaded jar this dlm runs. */
  public Path jar() {
    return jar;
  }

  /** The home this dlm keeps its job store in. */
  public Path home() {
    return home;
  }

  /** The user home dlm sees (only for {@link #withUserHome}). */
  public Path userHome() {
    if (userHome == null) {
      throw new IllegalStateException("this dlm runs with the user's own home; use Dlm.withUserHome");
    }
    return userHome;
  }

  /** {@code ~/.ssh/known_hosts} under {@link #userHome()}. */
  public Path knownHosts() {
    return userHome().resolve(".ssh/known_hosts");
  }

  /** Writes {@link #knownHosts()} holding {@code knownHostsLine} alone; returns what it wrote. */
  public String trustHosts(String knownHostsLine) {
    String content = knownHostsLine + "\n";
    try {
      Files.createDirectories(knownHosts().getParent());
      Files.writeString(knownHosts(), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return content;
  }

  /** Starts {@code dlm args...} in {@code workingDir} without waiting for it. */
  public Running start(Path workingDir, String... args) {
    return start(List.of(), workingDir, args);
  }

  private Running start(List<String> jvmOptions, Path workingDir, String... args) {
    int run = runs.incrementAndGet();
    Path stdout = logDir.resolve("run-" + run + ".stdout");
    Path stderr = logDir.resolve("run-" + run + ".stderr");
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(JVM_FLAGS);
    command.addAll(jvmOptions);
    if (userHome != null) {
      command.add("-Duser.home=" + userHome);
    }
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
    PROXY_VARIABLES.forEach(env::remove);
    env.put("DLM_HOME", home.toString());
    if (userHome != null) {
      AGENT_VARIABLES.forEach(env::remove);
      env.put("HOME", userHome.toString());
    }
    try {
      return new Running(builder.start(), command, stdout, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code dlm args...} in {@code workingDir} to the end (at most two minutes). */
  public Result run(Path workingDir, String... args) {
    return start(workingDir, args).await(DEFAULT_TIMEOUT);
  }

  /** As {@link #run}, with {@code jvmOptions} (say, system properties) added to the JVM's flags. */
  public Result runWith(List<String> jvmOptions, Path workingDir, String... args) {
    return start(jvmOptions, workingDir, args).await(DEFAULT_TIMEOUT);
  }

  /**
   * Runs {@code dlm args...} in {@code workingDir}, kills it with SIGKILL once {@code landedBytes} have
   * landed and before it finished {@code finalFile}, then runs the same command again to the end and
   * returns how that ended: the two runs of every crash-and-resume test.
   */
  public Result killOnceThenRerun(Path workingDir, Path finalFile, long landedBytes, Duration atMost, String... args) {
    start(workingDir, args).killAfterWriting(landedBytes, atMost);
    assertThat(finalFile).as("not finished before the kill").doesNotExist();
    return run(workingDir, args);
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

    /**
     * Bytes this process has written with write(2) and friends so far ({@code wchar} of {@code
     * /proc/PID/io}) — almost all of it downloaded data landing in the file, so it tells a test that
     * bytes have landed without knowing how the engine lays out its files.
     */
    public long writtenBytes() {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
          if (line.startsWith("wchar:")) {
            return Long.parseLong(line.substring("wchar:".length()).strip());
          }
        }
        return 0;
      } catch (IOException gone) {
        return 0; // the process ended between the check and the read
      }
    }

    /**
     * Waits until at least {@code bytes} have landed, then kills the process with SIGKILL; fails the
     * test if it ended first, since a finished download proves nothing about resuming.
     */
    public void killAfterWriting(long bytes, Duration atMost) {
      Awaitility.await("dlm to write " + bytes + " bytes")
          .atMost(atMost)
          .pollInterval(Duration.ofMillis(5))
          .until(() -> !isAlive() || writtenBytes() >= bytes);
      assertThat(isAlive()).as("still downloading when killed").isTrue();
      assertThat(kill().exitCode()).isEqualTo(137);
    }

    /** Sends SIGKILL (nothing in the process gets to run) and waits for it to be gone. */
    public Result kill() {
      process.destroyForcibly();
      return await(Duration.ofSeconds(30));
    }

    /** Waits for the process to end, failing the test if it takes longer than {@code timeout}. */
    public Result await(Duration timeout) {
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
      return new Result(process.exitValue(), read(stdout), read(stderr));
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * How a dlm run ended.
   *
   * @param exitCode the process exit code (137 after SIGKILL)
   * @param stdout everything it printed on stdout
   * @param stderr everything it printed on stderr
   */
  public record Result(int exitCode, String stdout, String stderr) {

    /** The non-blank lines of stderr. */
    public List<String> stderrLines() {
      return stderr.lines().filter(line -> !line.isBlank()).toList();
    }

    /**
     * Asserts the run failed as users should see it, exit code 1 and one line on stderr, and returns
     * that line.
     */
    public String singleErrorLine() {
      assertThat(exitCode).as(describe()).isEqualTo(1);
      assertThat(stderrLines()).as(describe()).hasSize(1);
      return stderrLines().getFirst();
    }

    /** Exit code and both streams, for assertion messages. */
    public String describe() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java runs the tests"));
  }
}
