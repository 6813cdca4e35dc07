package dev.dlm.daemon.api;

import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A download as the API shows it (the field names are a stable contract: see product.md and
 * openapi.yaml). Built from the stored job, overlaid with the live snapshot while it runs. Public
 * so the CLI client reads the same shape.
 *
 * @param totalBytes {@code null} while unknown
 * @param limitRate the download's own rate cap in bytes per second, 0 when unlimited
 */
public record DownloadJson(
    String id,
    String url,
    String protocol,
    String state,
    String dir,
    List<FileJson> files,
    Long totalBytes,
    long completedBytes,
    long downloadSpeed,
    long uploadSpeed,
    int connections,
    String priority,
    long limitRate,
    ErrorJson error,
    String createdAt,
    String finishedAt) {

  /** One file of a download. */
  public record FileJson(String path, Long length, long completedLength) {}

  /** Why a download failed: {@code code} is the error kind, stable for scripts. */
  public record ErrorJson(String code, String message) {}

  static DownloadJson of(JobRecord job, Optional<DownloadSnapshot> live) {
    Long total = job.totalBytes() >= 0 ? job.totalBytes() : null;
    long completed = job.completed().coveredBytes();
    long speed = 0;
    int connections = 0;
    Optional<Path> target = job.target();
    if (job.state() == DownloadState.COMPLETE && total != null) {
      completed = total;
    }
    if (live.isPresent()) {
      DownloadSnapshot s = live.get();
      completed = s.completedBytes();
      if (s.totalBytes() >= 0) {
        total = s.totalBytes();
      }
      speed = s.speedBytesPerSecond();
      connections = s.connections();
      target = s.target().or(() -> job.target());
    }
    List<FileJson> files =
        target.isPresent()
            ? List.of(new FileJson(target.get().toString(), total, completed))
            : List.of();
    return new DownloadJson(
        job.id(),
        job.request().primary().toString(),
        protocolOf(job),
        job.state().code(),
        job.request().directory().toString(),
        files,
        total,
        completed,
        speed,
        0,
        connections,
        job.priority().code(),
        job.request().limitBytesPerSecond(),
        job.error().map(e -> new ErrorJson(e.kind().code(), e.message())).orElse(null),
        job.createdAt().toString(),
        job.finishedAt().map(Object::toString).orElse(null));
  }

  private static String protocolOf(JobRecord job) {
    String scheme = job.request().primary().getScheme();
    return scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
  }
}
