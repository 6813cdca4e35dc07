package dev.dlm.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.Priority;
import dev.dlm.spi.Validator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DownloadJsonTest {

  private final JobRecord queued =
      new JobRecord(
          "0123456789abcdef",
          "key",
          DownloadRequest.of(URI.create("https://h/f.iso"), Path.of("/data")),
          DownloadState.ACTIVE,
          Priority.NORMAL,
          Optional.empty(),
          -1,
          Validator.none(-1),
          RangeSet.empty(),
          Instant.EPOCH,
          Optional.empty(),
          Optional.empty());

  @Test
  void anUnknownLengthIsNullWhileRunningToo() {
    DownloadSnapshot live =
        new DownloadSnapshot(
            queued.id(),
            DownloadState.ACTIVE,
            Optional.of(Path.of("/data/f.iso")),
            -1,
            300,
            50,
            Optional.empty(),
            1,
            List.of(),
            Optional.empty());

    DownloadJson json = DownloadJson.of(queued, Optional.of(live));

    assertThat(json.totalBytes()).isNull();
    assertThat(json.completedBytes()).isEqualTo(300);
    assertThat(json.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("/data/f.iso");
              assertThat(f.length()).isNull();
              assertThat(f.completedLength()).isEqualTo(300);
            });
    assertThat(json.protocol()).isEqualTo("https");
  }

  @Test
  void beforeThePlanThereAreNoFilesAndNoTotal() {
    DownloadJson json = DownloadJson.of(queued.withState(DownloadState.QUEUED), Optional.empty());

    assertThat(json.files()).isEmpty();
    assertThat(json.totalBytes()).isNull();
    assertThat(json.state()).isEqualTo("queued");
    assertThat(json.createdAt()).isEqualTo("1970-01-01T00:00:00Z");
  }
}
