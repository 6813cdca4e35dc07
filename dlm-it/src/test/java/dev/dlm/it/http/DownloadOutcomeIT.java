package dev.dlm.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.Nginx;
import dev.dlm.it.harness.SeededFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees at the end of {@code dlm get}: the exit code, the error line, the file name. */
class DownloadOutcomeIT {

  @TempDir static Path serverDir;
  @AutoClose private static Nginx nginx;
  private static SeededFile file;

  @BeforeAll
  static void startNginx() {
    file = SeededFile.write(serverDir.resolve("www/sample.bin"), 3L << 20, 0x07c0_3eL);
    nginx = Nginx.serving(serverDir.resolve("www")).start(serverDir.resolve("nginx"));
  }

  @Test
  void notFoundExitsOneWithOneLineOnStderr(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-d", target.toString(), nginx.url("/missing.bin").toString());

    assertThat(result.singleErrorLine()).matches("(?i).*(404|not found).*").doesNotContain("Exception");
    try (var left = Files.list(target)) {
      assertThat(left).as("a failed download leaves no file named after it").noneMatch(p -> p.getFileName().toString().startsWith("missing"));
    }
  }

  @Test
  void secondRunOfCompletedDownloadKeepsTheFileAndFetchesNothing(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    Dlm dlm = Dlm.withHome(work);
    String url = nginx.url("/" + file.name()).toString();
    Dlm.Result first = dlm.run(target, "get", "-d", target.toString(), url);
    assertThat(first.exitCode()).as(first.describe()).isZero();
    nginx.awaitIdle(Duration.ofSeconds(15));
    long servedBefore = nginx.accessLog().bodyBytesServed("/" + file.name());

    Dlm.Result second = dlm.run(target, "get", "-d", target.toString(), url);

    assertThat(second.exitCode()).as(second.describe()).isZero();
    Path original = target.resolve("sample.bin");
    assertThat(second.stdout()).contains("sha256 " + file.sha256() + "  " + original);
    file.assertOnlyFileIn(target);
    nginx.awaitIdle(Duration.ofSeconds(15));
    assertThat(nginx.accessLog().bodyBytesServed("/" + file.name()))
        .as("the second run fetched no byte of the finished file")
        .isEqualTo(servedBefore);
  }

}
