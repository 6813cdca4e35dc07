package dev.dlm.cli.get;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlm.cli.CapturedShell;
import dev.dlm.cli.ExitCode;
import dev.dlm.testing.TestData;
import dev.dlm.testing.http.Fault;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.OriginFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files through {@code dlm get}, the real engine, HTTP protocol and job store: files that one
 * connection fetches whole take the engine's light path (no checkpointer or hasher thread, digests
 * fed from the written bytes). Under every fault the HTTP origin injects they must still arrive
 * byte for byte with the right SHA-256, resume after an interruption and report their progress.
 */
class SmallFilesEndToEndTest {

  private static final int SMALL = 64 * 1024;
  private static final Pattern COMPLETED = Pattern.compile("\"completedBytes\":(\\d+)");

  @TempDir Path work;

  private HttpOrigin origin;
  private Path downloads;

  @BeforeEach
  void startOrigin() throws IOException {
    origin = HttpOrigin.start();
    downloads = work.resolve("downloads");
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  @Test
  void aBatchOfSmallFilesArrivesWithEveryChecksumPrinted() throws IOException {
    List<OriginFile> files = new ArrayList<>();
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      files.add(origin.serveGenerated("/s" + i + ".bin", 200 + i, SMALL));
      list.append(url("/s" + i + ".bin")).append('\n');
    }
    Files.writeString(work.resolve("urls.txt"), list);
    CapturedShell shell = shell();

    int exit = shell.run("get", "-j", "8", "-d", downloads.toString(), "-i", "urls.txt");

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    for (int i = 0; i < files.size(); i++) {
      Path saved = downloads.resolve("s" + i + ".bin");
      assertThat(Files.readAllBytes(saved)).isEqualTo(files.get(i).content());
      assertThat(shell.out().lines()).contains("sha256 " + TestData.sha256(files.get(i).content()) + "  " + saved);
    }
  }

  @Test
  void aTruncatedResponseIsResumedAtItsOffset() throws IOException {
    OriginFile file = origin.serveGenerated("/cut.bin", 301, SMALL).fault(Fault.truncate(20_000), 2);

    assertDelivered("/cut.bin", file);
    assertThat(origin.requests("/cut.bin").stream().filter(r -> r.range().isPresent()).map(r -> r.range().get()))
        .anySatisfy(range -> assertThat(range).startsWith("bytes=20000-"));
  }

  @Test
  void aDroppedConnectionIsResumedAtItsOffset() throws IOException {
    OriginFile file = origin.serveGenerated("/drop.bin", 302, SMALL).fault(Fault.dropAfter(10_000), 3);

    assertDelivered("/drop.bin", file);
  }

  @Test
  void aServerThatIgnoresRangesStillDeliversIt() throws IOException {
    OriginFile file = origin.serveGenerated("/whole.bin", 303, SMALL).fault(Fault.ignoreRange());

    assertDelivered("/whole.bin", file);
  }

  @Test
  void aServerThatSendsMoreThanItsLengthNeverGrowsTheFile() throws IOException {
    OriginFile file = origin.serveGenerated("/more.bin", 304, SMALL).fault(Fault.overSend(5_000), 2);

    assertDelivered("/more.bin", file);
  }

  @Test
  void aWrongContentRangeIsRetried() throws IOException {
    OriginFile file = origin.serveGenerated("/off.bin", 305, SMALL).fault(Fault.wrongContentRange(), 1);

    assertDelivered("/off.bin", file);
  }

  @Test
  void anInterruptedSmallFileResumesWhereItsCheckpointLeftOff() throws IOException {
    OriginFile file = origin.serveGenerated("/slow.bin", 306, 3 << 20);
    CapturedShell first = shell();
    String[] args = {"get", "--progress", "json", "--limit-rate", "1M", "-d", downloads.toString(), url("/slow.bin")};
    CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> first.run(args));
    await().atMost(Duration.ofSeconds(20)).until(() -> run.isDone()
        || COMPLETED.matcher(first.out()).results().anyMatch(m -> Long.parseLong(m.group(1)) >= (1 << 20)));
    await().atMost(Duration.ofSeconds(5)).until(() -> run.isDone() || first.pressCtrlC());
    int firstExit = run.join();
    long sentBeforeRerun = origin.bodyBytesSent("/slow.bin");
    CapturedShell second = shell();

    int secondExit = second.run("get", "-d", downloads.toString(), url("/slow.bin"));

    assertThat(firstExit).as(first.err()).isEqualTo(ExitCode.INTERRUPTED);
    assertThat(secondExit).as(second.err()).isEqualTo(ExitCode.OK);
    assertThat(second.out()).contains("resuming at");
    Path saved = downloads.resolve("slow.bin");
    assertThat(Files.readAllBytes(saved)).isEqualTo(file.content());
    assertThat(second.out().lines()).contains("sha256 " + TestData.sha256(file.content()) + "  " + saved);
    assertThat(origin.bodyBytesSent("/slow.bin") - sentBeforeRerun).isLessThan(file.content().length);
  }

  @Test
  void jsonProgressStartsAndFinishesEverySmallFileWithItsChecksum() throws IOException {
    Map<String, OriginFile> files = Map.of(
        "/j1.bin", origin.serveGenerated("/j1.bin", 311, SMALL),
        "/j2.bin", origin.serveGenerated("/j2.bin", 312, SMALL),
        "/j3.bin", origin.serveGenerated("/j3.bin", 313, 1_000));
    Files.writeString(work.resolve("urls.txt"),
        files.keySet().stream().map(this::url).collect(Collectors.joining("\n")));
    CapturedShell shell = shell();

    int exit = shell.run("get", "--progress", "json", "-j", "3", "-d", downloads.toString(), "-i", "urls.txt");

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    List<JsonNode> events = shell.outJsonLines();
    for (Map.Entry<String, OriginFile> file : files.entrySet()) {
      String id = events.stream().filter(e -> e.get("type").asText().equals("started")
          && e.get("url").asText().equals(url(file.getKey()))).findFirst().orElseThrow().get("id").asText();
      List<String> types = events.stream().filter(e -> e.get("id").asText().equals(id)).map(e -> e.get("type").asText()).toList();
      assertThat(types.getFirst()).isEqualTo("started");
      assertThat(types.getLast()).isEqualTo("finished");
      JsonNode finished = events.stream().filter(e -> e.get("id").asText().equals(id) && e.get("type").asText().equals("finished"))
          .findFirst().orElseThrow();
      assertThat(finished.get("files").get(0).get("sha256").asText()).isEqualTo(TestData.sha256(file.getValue().content()));
    }
  }

  private void assertDelivered(String path, OriginFile file) throws IOException {
    CapturedShell shell = shell();

    int exit = shell.run("get", "-d", downloads.toString(), url(path));

    assertThat(exit).as(shell.err()).isEqualTo(ExitCode.OK);
    Path saved = downloads.resolve(path.substring(1));
    assertThat(Files.readAllBytes(saved)).isEqualTo(file.content());
    assertThat(shell.out().lines()).contains("sha256 " + TestData.sha256(file.content()) + "  " + saved);
  }

  private CapturedShell shell() {
    return new CapturedShell(work).env("DLM_HOME", work.resolve("home").toString());
  }

  private String url(String path) {
    return origin.uri(path).toString();
  }
}
