package dev.dlm.cli.training;

import dev.dlm.cli.Interrupts;
import dev.dlm.cli.Main;
import dev.dlm.cli.Shell;
import dev.dlm.cli.SqliteLibrary;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.spi.Prompt;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs {@code dlm} commands the way users do, for the JVM to record what they load and execute.
 *
 * <p>{@code ./dlm} starts this class once per build with {@code -XX:AOTCacheOutput}: the JDK writes
 * the classes this run loaded and linked, and the method profiles it gathered, into an ahead-of-time
 * cache that every later {@code dlm} command maps at start-up. A cache is only as good as its
 * training, so this is real work, all through {@link Main#run} against servers of its own on
 * 127.0.0.1: for {@code get}, a {@link SampleServer} and a fresh home (the store's migrations), a
 * list of small files in parallel, one file in several parts, each progress style, failed downloads
 * and the help texts; for {@code get} of {@code https://} URLs, small files and one in parts from a
 * {@link SampleTlsServer} (TLS, HTTP/2 and HTTP/1.1); for {@code get} of {@code sftp://} URLs,
 * downloads from a {@link SampleSftpServer} (a fresh home, a new host key, several parts, each
 * progress style, a refused host); for the daemon, a queue of downloads driven by the client
 * commands. Four caches, because the JVM loads every class of its cache at start-up: a plain HTTP
 * download should not load TLS and HTTP/2, nor the SSH client's thousand classes, nor the daemon's
 * web server.
 */
public final class Training {

  private static final int SMALL_FILES = 12;
  private static final int SMALL_FILE_BYTES = 64 * 1024;
  private static final int LARGE_FILE_BYTES = 24 * 1024 * 1024;
  private static final int SFTP_FILE_BYTES = 1024 * 1024;
  private static final int TLS_LARGE_FILE_BYTES = 8 * 1024 * 1024;

  private Training() {}

  /**
   * Trains {@code get} of HTTP URLs (no argument or {@code get}), of HTTPS URLs ({@code https}), of
   * SFTP URLs ({@code sftp}) or the daemon and its client ({@code daemon}); exits 0 when every
   * command behaved as expected, 1 (naming the command) otherwise.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    SqliteLibrary.useCopyBesideJar();
    String mode = args.length > 0 ? args[0] : "get";
    Path work = Files.createTempDirectory("dlm-training");
    boolean ok;
    try {
      if (mode.equals("sftp")) {
        ok = sftp(work, dir(work, "home"));
      } else if (mode.equals("https")) {
        ok = https(work, dir(work, "home"));
      } else {
        try (SampleServer server = SampleServer.start()) {
          ok = mode.equals("daemon") ? runDaemon(server, work) : run(server, work);
        }
      }
    } finally {
      deleteTree(work);
    }
    System.exit(ok ? 0 : 1);
  }

  static boolean run(SampleServer server, Path work) throws IOException {
    List<String> smallUrls = new ArrayList<>();
    for (int i = 0; i < SMALL_FILES; i++) {
      smallUrls.add(server.add("small-" + i + ".bin", SMALL_FILE_BYTES).toString());
    }
    Path list = Files.write(work.resolve("urls.txt"), smallUrls);
    URI large = server.add("large.bin", LARGE_FILE_BYTES);
    URI single = server.add("single.bin", SMALL_FILE_BYTES);
    String home = work.resolve("home").toString();
    boolean ok = true;
    ok &= expect(0, false, "--home", home, "get", "-q", "-j", "4", "-d", dir(work, "list"), "-i",
        list.toString());
    ok &= expect(0, false, "--home", home, "get", "--progress", "plain", "-x", "4", "-d",
        dir(work, "parts"), large.toString());
    ok &= expect(0, true, "--home", home, "get", "-d", dir(work, "bar"), single.toString());
    ok &= expect(0, false, "--home", home, "get", "--progress", "json", "-d", dir(work, "json"),
        single.toString());
    ok &= expect(1, false, "--home", home, "get", "--checksum",
        "sha-256=" + "0".repeat(64), "-d", dir(work, "mismatch"), single.toString());
    ok &= expect(1, false, "--home", home, "get", "--max-tries", "1", "-d", dir(work, "missing"),
        single.resolve("missing.bin").toString());
    ok &= expect(0, false, "--version");
    ok &= expect(0, false, "get", "--help");
    ok &= expect(2, false, "get", "--bogus");
    return ok;
  }

  /**
   * Downloads over {@code https://} from a {@link SampleTlsServer}, as most real downloads are: a
   * list of small files (their probes and bodies over one HTTP/2 connection) and a file in parts
   * (HTTP/1.1 connections over TLS). {@code -k}, since its certificate is made for the occasion.
   */
  static boolean https(Path work, String home) throws IOException {
    try (SampleTlsServer server = SampleTlsServer.start(work)) {
      List<String> smallUrls = new ArrayList<>();
      for (int i = 0; i < SMALL_FILES; i++) {
        smallUrls.add(server.add("tls-small-" + i + ".bin", SMALL_FILE_BYTES).toString());
      }
      Path list = Files.write(work.resolve("tls-urls.txt"), smallUrls);
      boolean ok = expect(0, false, "--home", home, "get", "-q", "-k", "-j", "4", "-d",
          dir(work, "tls-list"), "-i", list.toString());
      ok &= expect(0, false, "--home", home, "get", "-q", "-k", "-x", "4", "-d",
          dir(work, "tls-parts"), server.add("tls-large.bin", TLS_LARGE_FILE_BYTES).toString());
      return ok;
    } catch (GeneralSecurityException e) {
      System.err.println("dlm training: cannot make a TLS certificate: " + e.getMessage());
      return false;
    }
  }

  /**
   * Downloads over {@code sftp://} from a {@link SampleSftpServer} into a fresh {@code home}: a host
   * seen for the first time (its key accepted and recorded), then the same host checked against
   * that record, a file in two parts and each progress style, then an unknown host key refused. Key
   * and known_hosts files are the training's own, given on the command line, so the user's {@code
   * ~/.ssh} is never read.
   */
  static boolean sftp(Path work, String home) throws IOException {
    try (SampleSftpServer server = SampleSftpServer.start(work)) {
      String key = server.clientKey().toString();
      String knownHosts = work.resolve("known_hosts").toString();
      String downloads = dir(work, "sftp");
      URI small = server.add("sftp-small.bin", SMALL_FILE_BYTES);
      boolean ok = true;
      ok &= expect(0, false, "--home", home, "get", "-q", "--ssh-key", key, "--known-hosts",
          knownHosts, "--accept-new-host-key", "-d", downloads,
          server.add("sftp-1m.bin", SFTP_FILE_BYTES).toString());
      ok &= expect(0, true, "--home", home, "get", "-x", "2", "--ssh-key", key, "--known-hosts",
          knownHosts, "-d", downloads, server.add("sftp-parts.bin", SFTP_FILE_BYTES).toString());
      ok &= expect(0, false, "--home", home, "get", "--progress", "plain", "--ssh-key", key,
          "--known-hosts", knownHosts, "-d", dir(work, "sftp-plain"), small.toString());
      ok &= expect(0, false, "--home", home, "get", "--progress", "json", "--ssh-key", key,
          "--known-hosts", knownHosts, "-d", dir(work, "sftp-json"), small.toString());
      ok &= expect(1, false, "--home", home, "get", "--max-tries", "1", "--ssh-key", key,
          "--known-hosts", work.resolve("known_hosts-empty").toString(), "-d", downloads,
          server.add("sftp-unknown-host.bin", SMALL_FILE_BYTES).toString());
      return ok;
    } catch (GeneralSecurityException e) {
      System.err.println("dlm training: cannot make SSH keys: " + e.getMessage());
      return false;
    }
  }

  /**
   * Starts {@code dlm daemon} on an ephemeral port, drives it with the client commands while it
   * downloads, and stops it the way Ctrl-C does (interrupting the command's thread).
   */
  static boolean runDaemon(SampleServer server, Path work) throws InterruptedException {
    String home = work.resolve("daemon-home").toString();
    Thread daemon =
        Thread.ofPlatform()
            .name("dlm-training-daemon")
            .start(
                () ->
                    Main.run(shell(false), "--home", home, "daemon", "--listen", "127.0.0.1:0"));
    Path address = Path.of(home, "daemon.json");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(address) && daemon.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    boolean ok = Files.exists(address);
    if (!ok) {
      System.err.println("dlm training: the daemon did not start");
    }
    if (ok) {
      String downloads = dir(work, "queue");
      for (int i = 0; i < SMALL_FILES; i++) {
        ok &= expect(0, false, "--home", home, "add", "-d", downloads,
            server.add("queued-" + i + ".bin", SMALL_FILE_BYTES).toString());
      }
      // Slow enough to be still active when paused.
      ok &= expect(0, false, "--home", home, "add", "-d", downloads, "--limit-rate", "2M",
          server.add("queued-large.bin", LARGE_FILE_BYTES).toString());
      ok &= expect(0, false, "--home", home, "ls");
      ok &= expect(0, false, "--home", home, "pause", "--all");
      ok &= expect(0, false, "--home", home, "resume", "--all");
      ok &= expect(0, false, "--home", home, "ls");
      ok &= expect(0, false, "--home", home, "ls", "--json");
      ok &= expect(0, false, "--home", home, "ls", "--help");
    }
    daemon.interrupt();
    daemon.join(Duration.ofSeconds(30));
    return ok;
  }

  private static String dir(Path work, String name) {
    return work.resolve(name).toString();
  }

  private static boolean expect(int exitCode, boolean terminal, String... args) {
    StringWriter err = new StringWriter();
    int actual = Main.run(shell(terminal, new PrintWriter(err)), args);
    if (actual != exitCode) {
      System.err.println(
          "dlm training: '" + String.join(" ", args) + "' exited " + actual + ", not " + exitCode
              + ": " + err.toString().strip());
      return false;
    }
    return true;
  }

  private static Shell shell(boolean terminal) {
    return shell(terminal, new PrintWriter(Writer.nullWriter()));
  }

  private static Shell shell(boolean terminal, PrintWriter err) {
    return new Shell(
        new PrintWriter(Writer.nullWriter()),
        err,
        InputStream.nullInputStream(),
        Map.of(),
        Path.of("").toAbsolutePath(),
        terminal ? Optional.of(new TerminalScreen(() -> 100, true, true)) : Optional.empty(),
        Interrupts.none(),
        Prompt.none(),
        Clock.systemUTC());
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(Training::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
