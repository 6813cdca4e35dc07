package dev.dlm.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlm.cli.CapturedShell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadState;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ErrorKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonViewTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HEX = "cd".repeat(32);

  @TempDir Path work;

  private List<JsonNode> lines(CapturedShell shell) {
    return shell.out().lines().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }).toList();
  }

  @Test
  void oneObjectPerEventFromStartedToFinished() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.JSON, shell.shell());
    Path target = work.resolve("f.bin");
    URI url = URI.create("https://user:pw@h/f.bin");

    view.accept(new DownloadEvent.StateChanged("j1", DownloadState.QUEUED, DownloadState.ACTIVE));
    view.started("j1", url, work);
    view.accept(new DownloadEvent.Planned("j1", target, 1000, 0, true));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));
    view.accept(
        new DownloadEvent.Retrying("j1", 2, Duration.ofMillis(1500), ErrorKind.TIMEOUT, "read timed out"));
    view.accept(new DownloadEvent.Restarted("j1", "remote file changed"));
    view.finished(
        "j1", url,
        new DownloadOutcome.Completed(List.of(target), 1000, List.of(HEX), Duration.ofMillis(1234)));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));
    view.close();

    List<JsonNode> events = lines(shell);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly("started", "state", "planned", "progress", "retrying", "restarted", "finished");
    assertThat(events).allSatisfy(e -> assertThat(e.get("id").asText()).isEqualTo("j1"));
    assertThat(events.get(0).get("url").asText()).isEqualTo("https://h/f.bin");
    assertThat(events.get(1).get("to").asText()).isEqualTo("active");
    assertThat(events.get(2).get("totalBytes").asLong()).isEqualTo(1000);
    JsonNode progress = events.get(3);
    assertThat(progress.get("completedBytes").asLong()).isEqualTo(450);
    assertThat(progress.get("downloadSpeed").asLong()).isEqualTo(2048);
    assertThat(progress.get("etaSeconds").asLong()).isEqualTo(45);
    assertThat(progress.get("parts")).hasSize(4);
    assertThat(progress.get("parts").get(3).get("state").asText()).isEqualTo("failed");
    assertThat(events.get(4).get("error").get("code").asText()).isEqualTo("timeout");
    JsonNode finished = events.get(6);
    assertThat(finished.get("result").asText()).isEqualTo("complete");
    assertThat(finished.get("files").get(0).get("path").asText()).isEqualTo(target.toString());
    assertThat(finished.get("files").get(0).get("sha256").asText()).isEqualTo(HEX);
    assertThat(shell.out()).doesNotContain("pw@");
  }

  @Test
  void aFailureIsAFinishedObjectAndOneLineOnStandardError() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.JSON, shell.shell());
    URI url = URI.create("http://h/missing");

    view.started("j1", url, work);
    view.finished("j1", url, new DownloadOutcome.Failed(ErrorKind.NOT_FOUND, "HTTP 404 Not Found"));

    JsonNode finished = lines(shell).getLast();
    assertThat(finished.get("result").asText()).isEqualTo("failed");
    assertThat(finished.get("error").get("code").asText()).isEqualTo("not_found");
    assertThat(shell.errLines()).containsExactly("dlm: http://h/missing: HTTP 404 Not Found; check the URL");
  }
}
