package dev.dlm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dlm.cli.CapturedShell;
import dev.dlm.cli.Home;
import dev.dlm.cli.TerminalScreen;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.fakes.ScriptedDaemon;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm watch} as a user runs it, through {@code Main} on a (captured) terminal, against a real
 * daemon in this process: the bars it draws come from the daemon's WebSocket.
 */
class WatchCommandTest {

  @TempDir Path home;
  @TempDir Path downloads;

  private ScriptedDaemon daemon;

  @BeforeEach
  void start() {
    daemon =
        ScriptedDaemon.start(
            ClientContext.files(Home.single(home)),
            downloads,
            Map.of("maxConcurrent", "2"));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private CapturedShell terminal() {
    return new CapturedShell(home).terminal(TerminalScreen.fixed(100, false, false));
  }

  private String add(String name) {
    CapturedShell shell = new CapturedShell(home);
    assertThat(shell.run("--home", home.toString(), "add", "http://127.0.0.1:9/" + name, "-o", name))
        .isZero();
    return shell.out().strip();
  }

  /** The percentages drawn for the download labelled {@code name}, in the order drawn. */
  private static List<Integer> percents(String out, String name) {
    Matcher m = Pattern.compile(Pattern.quote(name) + "\\s.*?(\\d+)%").matcher(out);
    return m.results().map(r -> Integer.parseInt(r.group(1))).toList();
  }

  @Test
  void watchingAllRedrawsALiveBarForEveryDownloadInPlace() throws Exception {
    CapturedShell watch = terminal();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> watch.run("--home", home.toString(), "watch"));
    String a = add("a.bin");
    String b = add("b.bin");

    // Both downloads get a bar, redrawn in place (cursor up two lines, clear) as progress arrives
    // every 500 ms: each bar's percentage grows from frame to frame.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                percents(watch.out(), "a.bin").stream().distinct().count() >= 2
                    && percents(watch.out(), "b.bin").stream().distinct().count() >= 2);
    assertThat(watch.out()).contains(a.substring(0, 8)).contains(b.substring(0, 8));
    assertThat(watch.out()).contains("\033[2A\033[J");
    List<Integer> ofA = percents(watch.out(), "a.bin");
    assertThat(ofA.getLast()).isGreaterThan(ofA.getFirst());

    daemon.engine().runOf(a).complete();
    await().atMost(Duration.ofSeconds(10)).until(() -> percents(watch.out(), "a.bin").contains(100));

    // Watching all ends when the daemon goes away.
    daemon.close();
    assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
  }

  @Test
  void watchingOneDrawsOnlyItAndEndsWithItsOutcome() throws Exception {
    String a = add("a.bin");
    String b = add("b.bin");
    await().until(() -> daemon.engine().runningIds().containsAll(List.of(a, b)));
    CapturedShell watch = terminal();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(() -> watch.run("--home", home.toString(), "watch", a));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> percents(watch.out(), "a.bin").stream().distinct().count() >= 2);
    daemon.engine().runOf(a).fail(dev.dlm.spi.ErrorKind.NOT_FOUND, "the server answered 404");

    assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(watch.out()).contains(a.substring(0, 8)).doesNotContain("b.bin");
  }

  @Test
  void withoutADaemonWatchSaysHowToStartOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    // What a daemon killed with -9 leaves behind: its address record, pointing at nothing.
    Path other = Files.createDirectories(home.resolve("other"));
    DaemonHome dead = ClientContext.files(Home.single(other));
    writeStaleAddress(dead, port);
    CapturedShell shell = terminal();

    assertThat(shell.run("--home", other.toString(), "watch")).isEqualTo(1);

    assertThat(shell.errLines())
        .containsExactly("dlm: no dlm daemon at 127.0.0.1:" + port + "; start one with `dlm daemon`");
  }

  private static void writeStaleAddress(DaemonHome home, int port) throws IOException {
    home.create();
    Files.writeString(
        home.addressFile(),
        "{\"url\":\"http://127.0.0.1:" + port + "\",\"token\":\"stale\",\"pid\":1}\n");
  }
}
