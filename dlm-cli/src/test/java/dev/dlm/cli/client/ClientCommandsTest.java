package dev.dlm.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.cli.daemon.DaemonCommand;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.daemon.fakes.ScriptedDaemon;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The client commands against a real daemon in this process, through picocli as the user types
 * them.
 */
class ClientCommandsTest {

  /** Stands in for dlm's Main: the inherited --home and the subcommands under test. */
  @Command(name = "dlm", subcommands = DaemonCommand.class)
  static final class Root {
    @Option(names = "--home", scope = ScopeType.INHERIT)
    Path home;
  }

  record Run(int exitCode, String out, String err) {}

  @TempDir Path home;
  @TempDir Path downloads;

  private ScriptedDaemon daemon;

  @BeforeEach
  void start() {
    daemon = ScriptedDaemon.start(DaemonHome.single(home), downloads, Map.of("maxConcurrent", "1"));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  static CommandLine commandLine() {
    return new CommandLine(new Root())
        .addSubcommand(new AddCommand())
        .addSubcommand(new LsCommand())
        .addSubcommand(new StatusCommand())
        .addSubcommand(new PauseCommand())
        .addSubcommand(new ResumeCommand())
        .addSubcommand(new RmCommand())
        .addSubcommand(new WatchCommand());
  }

  private Run dlm(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    String[] all = new String[args.length + 2];
    all[0] = "--home";
    all[1] = home.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = cl.execute(all);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void addPrintsTheIdAndLsAndStatusShowIt() throws Exception {
    Run add =
        dlm(
            "add",
            "http://127.0.0.1:9/data.bin",
            "--priority",
            "high",
            "--limit-rate",
            "1M",
            "-d",
            downloads.toString());
    assertThat(add.exitCode()).isZero();
    String id = add.out().strip();
    assertThat(id).matches("[0-9a-f]{16}");
    await().until(() -> daemon.engine().runningIds().contains(id));

    Run ls = dlm("ls");
    assertThat(ls.out()).contains("ID").contains(id).contains("active").contains("high");

    Run json = dlm("ls", "--json");
    JsonNode array = new ObjectMapper().readTree(json.out());
    assertThat(array.get(0).get("id").asText()).isEqualTo(id);
    assertThat(array.get(0).get("limitRate").asLong()).isEqualTo(1 << 20);

    assertThat(dlm("status", id).out())
        .contains("state:      active")
        .contains("rate limit: 1.0 MiB/s");
    assertThat(new ObjectMapper().readTree(dlm("status", id, "--json").out()).get("state").asText())
        .isEqualTo("active");
  }

  @Test
  void pauseAndResumeOneOrAll() {
    String a = dlm("add", "http://127.0.0.1:9/a").out().strip();
    String b = dlm("add", "http://127.0.0.1:9/b").out().strip();
    await().until(() -> daemon.engine().runningIds().contains(a));

    assertThat(dlm("pause", a).out().strip()).isEqualTo(a + " paused");
    await().until(() -> daemon.engine().runningIds().contains(b));
    Run all = dlm("pause", "--all");
    assertThat(all.out()).contains(b + " paused");
    Run resumed = dlm("resume", "--all");
    assertThat(resumed.exitCode()).isZero();
    assertThat(resumed.out().lines())
        .hasSize(2)
        .allMatch(l -> l.endsWith(" queued") || l.endsWith(" active"));
    await().until(() -> daemon.engine().runningIds().size() == 1);
    assertThat(dlm("pause").exitCode()).isEqualTo(2);
  }

  @Test
  void rmWithDeleteFilesRemovesThePartFile() {
    String a = dlm("add", "http://127.0.0.1:9/a", "-o", "a.bin").out().strip();
    await().until(() -> daemon.engine().runningIds().contains(a));
    assertThat(downloads.resolve("a.bin.part")).exists();

    Run rm = dlm("rm", a, "--delete-files");

    assertThat(rm.exitCode()).isZero();
    assertThat(downloads.resolve("a.bin.part")).doesNotExist();
    Run gone = dlm("status", a);
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err().strip()).isEqualTo("dlm: no download with id " + a);
  }

  @Test
  void watchOneEndsWhenItCompletes() throws Exception {
    String a = dlm("add", "http://127.0.0.1:9/a", "-o", "a.bin").out().strip();
    await().until(() -> daemon.engine().runningIds().contains(a));

    CompletableFuture<Run> watch = CompletableFuture.supplyAsync(() -> dlm("watch", a));
    daemon.engine().runOf(a).complete();

    Run run = watch.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(a).contains("complete").contains("100%").contains("a.bin");
  }

  @Test
  void withoutADaemonTheMessageSaysHowToStartOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Run run = dlm("ls", "--server", "127.0.0.1:" + port);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo("dlm: no dlm daemon at 127.0.0.1:" + port + "; start one with `dlm daemon`");
  }

  @Test
  void aWrongSecretIsRefusedInOneLine() {
    Run run = dlm("ls", "--secret", "wrong");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("dlm: the dlm daemon at 127.0.0.1:")
        .contains("the token is wrong");
  }

  @Test
  void daemonHelpListsAnOptionForEverySetting() {
    Run help = dlm("daemon", "--help");
    assertThat(help.out())
        .contains("--listen=HOST_PORT")
        .contains("--max-concurrent=INTEGER")
        .contains("--global-limit-rate=RATE")
        .contains("--max-connections=INTEGER")
        .contains("--on-download-complete=COMMAND")
        .contains("--log-format=TEXT|JSON")
        .contains("default: 127.0.0.1:6800");
  }
}
