package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server process (nginx, vsftpd, sshd) started on a free port of 127.0.0.1 and running until
 * {@link #close()}: the part every harness server shares.
 *
 * <p>A free port is only probed, then bound by the server, so another process may take it in
 * between: a server that does not come up is stopped and started again on another port, a few times.
 *
 * @param process the server, a child of the test JVM
 * @param port the port it listens on, on 127.0.0.1
 */
record Daemon(Process process, int port) implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final int ATTEMPTS = 3;

  /**
   * How to run the server on one port.
   *
   * @param command the command line
   * @param output the file that gets its stdout and stderr
   * @param logs other files worth showing when it does not start
   */
  record Launch(List<String> command, Path output, List<Path> logs) {}

  /** Prepares one attempt to start on {@code port} (config files named after the port, say). */
  @FunctionalInterface
  interface Launcher {
    Launch on(int port) throws IOException;
  }

  /** Starts the server and waits until it accepts connections, retrying on another port if it does not. */
  static Daemon start(String name, Launcher launcher) {
    try {
      String lastFailure = "";
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        int port = Processes.freePort();
        Launch launch = launcher.on(port);
        Process process =
            new ProcessBuilder(launch.command())
                .redirectErrorStream(true)
                .redirectOutput(launch.output().toFile())
                .start();
        Daemon daemon = new Daemon(process, port);
        if (daemon.awaitListening(name)) {
          return daemon;
        }
        daemon.close();
        StringBuilder failure = new StringBuilder(readIfExists(launch.output()).strip());
        for (Path log : launch.logs()) {
          failure.append(" / ").append(readIfExists(log).strip());
        }
        lastFailure = failure.toString();
      }
      throw new IllegalStateException(name + " did not start: " + lastFailure);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops it and every process it forked. */
  @Override
  public void close() {
    Processes.stop(process);
  }

  private boolean awaitListening(String name) {
    try {
      Awaitility.await(name + " to listen on port " + port)
          .atMost(START_TIMEOUT)
          .pollInterval(Duration.ofMillis(20))
          .until(() -> !process.isAlive() || Processes.accepts(port));
    } catch (ConditionTimeoutException e) {
      return false;
    }
    return process.isAlive();
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }
}
