package dev.dlm.store.sqlite;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.DownloadState;
import dev.dlm.core.segment.RangeSet;
import dev.dlm.core.store.JobRecord;
import dev.dlm.core.store.JobRecord.JobError;
import dev.dlm.core.store.Priority;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Header;
import dev.dlm.spi.Validator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Job records for tests: a bare queued one, and one with every field set. */
final class Jobs {

  static final Path DOWNLOADS = Path.of("/srv/downloads");

  private Jobs() {}

  /** A queued job with defaults everywhere. */
  static JobRecord queued(String id, Priority priority) {
    DownloadRequest request =
        DownloadRequest.of(URI.create("https://files.example/" + id + ".iso"), DOWNLOADS);
    return new JobRecord(
        id,
        request.jobKey(),
        request,
        DownloadState.QUEUED,
        priority,
        Optional.empty(),
        -1,
        Validator.none(-1),
        RangeSet.empty(),
        Instant.parse("2026-11-21T06:00:00Z"),
        Optional.empty(),
        Optional.empty());
  }

  /** A failed job where every optional field is present and every value differs from a default. */
  static JobRecord everyFieldSet(String id) {
    DownloadRequest request =
        new DownloadRequest(
            List.of(
                URI.create("https://files.example/dir/" + id + "%20one.iso?sig=a%2Bb&x=1"),
                URI.create("ftp://mirror.example/pub/" + id + ".iso")),
            Path.of("/srv/downloads/déjà vu"),
            Optional.of("renamed \"" + id + "\".iso"),
            8,
            2_500_000,
            Optional.of(ContentDigest.parse("sha-256=" + "ab".repeat(32))),
            List.of(
                new Header("Authorization", "Bearer s3cr3t"),
                new Header("X-Note", "a \"quoted\" \\ value, ünïcode")),
            true,
            true);
    return new JobRecord(
        id,
        request.jobKey(),
        request,
        DownloadState.FAILED,
        Priority.LOW,
        Optional.of(Path.of("/srv/downloads/déjà vu/renamed.iso")),
        7_340_032_000L,
        new Validator(
            Optional.of("W/\"5f-abc\""), Optional.of("Sat, 21 Nov 2026 05:00:00 GMT"), 7_340_032_000L),
        RangeSet.of(0, 1_048_576).add(4_194_304, 7_340_032_000L),
        Instant.parse("2026-11-21T06:00:00.123456789Z"),
        Optional.of(Instant.parse("2026-11-21T06:30:00.000000001Z")),
        Optional.of(new JobError(ErrorKind.CHECKSUM_MISMATCH, "expected ab…, got cd…")));
  }

  /** The same job under another id (its key and everything else unchanged). */
  static JobRecord withId(JobRecord job, String id) {
    return new JobRecord(
        id, job.key(), job.request(), job.state(), job.priority(), job.target(), job.totalBytes(),
        job.validator(), job.completed(), job.createdAt(), job.finishedAt(), job.error());
  }
}
