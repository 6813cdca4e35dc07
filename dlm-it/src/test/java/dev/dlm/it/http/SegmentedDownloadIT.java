package dev.dlm.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.AccessLog.ServedRequest;
import dev.dlm.it.harness.Dlm;
import dev.dlm.it.harness.Nginx;
import dev.dlm.it.harness.SeededFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dlm get -x 8} against nginx: the bytes arrive intact, fetched as several ranges. */
class SegmentedDownloadIT {

  private static final long FILE_BYTES = 64L << 20;

  @TempDir static Path serverDir;
  @AutoClose private static Nginx nginx;
  private static SeededFile file;

  @BeforeAll
  static void startNginx() {
    file = SeededFile.write(serverDir.resolve("www/dataset.bin"), FILE_BYTES, 0x5e9_2024L);
    nginx = Nginx.serving(serverDir.resolve("www")).start(serverDir.resolve("nginx"));
  }

  @Test
  void downloadsOverEightConnectionsWithMatchingSha256(@TempDir Path work) throws Exception {
    Path target = Files.createDirectories(work.resolve("downloads"));
    String path = "/" + file.name();

    Dlm.Result result =
        Dlm.withHome(work).run(target, "get", "-x", "8", "-d", target.toString(), nginx.url(path).toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    Path downloaded = target.resolve(file.name());
    assertThat(downloaded).hasSize(FILE_BYTES);
    assertThat(SeededFile.sha256Of(downloaded)).isEqualTo(file.sha256());
    assertThat(result.stdout() + result.stderr())
        .as("dlm prints the SHA-256 of a finished file")
        .containsIgnoringCase(file.sha256());
    try (var left = Files.list(target)) {
      assertThat(left).as("nothing but the finished file is left behind").containsExactly(downloaded);
    }
    List<ServedRequest> ranged =
        nginx.accessLog().requestsFor(path).stream()
            .filter(request -> request.status() == 206 && request.bodyBytes() > 1)
            .toList();
    assertThat(ranged).as("nginx served the file as several ranges: %s", nginx.accessLog().requests()).hasSizeGreaterThan(1);
  }
}
