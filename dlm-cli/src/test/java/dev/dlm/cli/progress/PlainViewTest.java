package dev.dlm.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.cli.CapturedShell;
import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.event.DownloadEvent;
import dev.dlm.spi.ErrorKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlainViewTest {

  private static final URI URL = URI.create("http://h/file.iso");
  private static final String HEX = "ab".repeat(32);

  @TempDir Path work;

  @Test
  void printsThePlanALineEveryIntervalAndTheChecksumAtTheEnd() {
    MutableClock clock = new MutableClock();
    CapturedShell shell = new CapturedShell(work).clock(clock);
    Path target = work.resolve("file.iso");
    ProgressView view = ProgressView.create(ProgressMode.PLAIN, shell.shell());

    view.started("j1", URL, work);
    view.accept(new DownloadEvent.Planned("j1", target, 1000, 0, true));
    clock.advance(Duration.ofSeconds(1));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));
    clock.advance(Duration.ofSeconds(2));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));
    view.finished(
        "j1", URL,
        new DownloadOutcome.Completed(List.of(target), 1000, List.of(HEX), Duration.ofSeconds(4)));
    view.accept(new DownloadEvent.Progress("j1", BarLineTest.fourParts()));
    view.close();

    assertThat(shell.out().lines())
        .containsExactly(
            "file.iso: 1000 B",
            "file.iso: 45% of 1000 B (450 B) at 2.0 KiB/s, ETA 0:45, 2 connections",
            "file.iso: done, 1000 B in 4.0 s (250 B/s)",
            "sha256 " + HEX + "  " + target);
    assertThat(shell.err()).isEmpty();
  }

  @Test
  void saysWhenItResumesRetriesOrStartsOver() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.PLAIN, shell.shell());

    view.started("j1", URL, work);
    view.accept(new DownloadEvent.Planned("j1", work.resolve("file.iso"), 2048, 1024, true));
    view.accept(
        new DownloadEvent.Retrying(
            "j1", 2, Duration.ofSeconds(2), ErrorKind.THROTTLED, "HTTP 429 Too Many Requests"));
    view.accept(new DownloadEvent.Restarted("j1", "the remote file changed (new ETag)"));

    assertThat(shell.out().lines())
        .containsExactly(
            "file.iso: 2.0 KiB, resuming at 1.0 KiB",
            "file.iso: retrying in 2.0 s (attempt 2 failed: HTTP 429 Too Many Requests)",
            "file.iso: the remote file changed (new ETag); downloading it again from the start");
  }

  @Test
  void aFailureIsOneLineOnStandardErrorWithAdvice() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.PLAIN, shell.shell());

    view.started("j1", URL, work);
    view.finished(
        "j1", URL, new DownloadOutcome.Failed(ErrorKind.NOT_FOUND, "HTTP 404 Not Found"));

    assertThat(shell.errLines())
        .containsExactly("dlm: http://h/file.iso: HTTP 404 Not Found; check the URL");
  }

  @Test
  void aMessageThatAlreadyAdvisesAndNamesTheHostIsPrintedAsItIs() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.PLAIN, shell.shell());

    view.finished(
        "j1", URL,
        new DownloadOutcome.Failed(
            ErrorKind.NOT_FOUND, "HTTP 404 Not Found for http://h/file.iso: check the URL"));
    view.accept(new DownloadEvent.Restarted("j2", "the remote file changed (ETag): starting over"));

    assertThat(shell.errLines())
        .containsExactly("dlm: HTTP 404 Not Found for http://h/file.iso: check the URL");
    assertThat(shell.out().lines()).containsExactly("j2: the remote file changed (ETag): starting over");
  }

  @Test
  void quietPrintsOnlyFailures() {
    CapturedShell shell = new CapturedShell(work);
    ProgressView view = ProgressView.create(ProgressMode.QUIET, shell.shell());

    view.started("j1", URL, work);
    view.accept(new DownloadEvent.Planned("j1", work.resolve("file.iso"), 1000, 0, true));
    view.finished(
        "j1", URL,
        new DownloadOutcome.Completed(
            List.of(work.resolve("file.iso")), 1000, List.of(HEX), Duration.ofSeconds(1)));
    view.finished(
        "j2", URI.create("https://u:pw@h/x"),
        new DownloadOutcome.Failed(ErrorKind.TLS, "certificate not trusted"));

    assertThat(shell.out()).isEmpty();
    assertThat(shell.errLines())
        .containsExactly(
            "dlm: https://h/x: certificate not trusted; check the server's certificate, or use"
                + " --insecure if you trust the server");
  }
}
