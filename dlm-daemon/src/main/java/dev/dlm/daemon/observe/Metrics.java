package dev.dlm.daemon.observe;

import dev.dlm.core.DownloadOutcome;
import dev.dlm.core.DownloadSnapshot;
import dev.dlm.core.DownloadState;
import dev.dlm.core.store.JobRecord;
import dev.dlm.daemon.queue.DownloadQueue;
import dev.dlm.daemon.queue.QueueListener;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code GET /metrics} in the Prometheus text format, written by hand: a handful of counters and
 * gauges do not justify Micrometer and its registry (about 2 MB and a second metrics model).
 *
 * <p>Bytes downloaded are counted from the growth of each run's completed bytes, sampled at each
 * scrape and when a run ends, from the checkpoint the run started at, so the counter only ever
 * rises and resumed bytes are not counted twice.
 */
public final class Metrics implements QueueListener {

  private final DownloadQueue queue;
  private final LongAdder downloadedBytes = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder completed = new LongAdder();
  private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
  private final Map<String, Long> seenBytes = new ConcurrentHashMap<>();

  private Metrics(DownloadQueue queue) {
    this.queue = queue;
  }

  /** Registers {@code GET /metrics} and starts counting. */
  public static Metrics routes(RoutesConfig routes, DownloadQueue queue) {
    Metrics metrics = new Metrics(queue);
    queue.addListener(metrics);
    routes.get(
        "/metrics",
        ctx ->
            ctx.status(200)
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
    return metrics;
  }

  @Override
  public void stateChanged(JobRecord job, DownloadState from) {}

  /** What was checkpointed before a run starts was downloaded by an earlier one: the baseline. */
  @Override
  public void runStarted(JobRecord job) {
    seenBytes.put(job.id(), job.completed().coveredBytes());
  }

  @Override
  public void runEnded(JobRecord job, DownloadOutcome outcome, boolean retrying) {
    switch (outcome) {
      case DownloadOutcome.Completed c -> {
        sample(job.id(), c.totalBytes());
        completed.increment();
      }
      case DownloadOutcome.Failed f -> {
        errorsByKind.computeIfAbsent(f.kind().code(), k -> new LongAdder()).increment();
        if (retrying) {
          retries.increment();
        }
      }
      case DownloadOutcome.Stopped s -> sample(job.id(), s.completedBytes());
    }
    if (!retrying) {
      seenBytes.remove(job.id());
    }
  }

  /** The current metrics in the Prometheus text exposition format. */
  public String scrape() {
    long speed = 0;
    for (String id : queue.activeIds()) {
      Optional<DownloadSnapshot> live = queue.live(id);
      if (live.isPresent()) {
        sample(id, live.get().completedBytes());
        speed += live.get().speedBytesPerSecond();
      }
    }
    StringBuilder out = new StringBuilder();
    counter(
        out,
        "dlm_downloaded_bytes_total",
        "Bytes downloaded by this daemon since it started.",
        downloadedBytes.sum());
    counter(
        out,
        "dlm_downloads_completed_total",
        "Downloads completed since the daemon started.",
        completed.sum());
    counter(
        out,
        "dlm_download_retries_total",
        "Job-level retries after transient failures.",
        retries.sum());
    out.append("# HELP dlm_download_errors_total Failed runs by error kind.\n");
    out.append("# TYPE dlm_download_errors_total counter\n");
    new TreeMap<>(errorsByKind)
        .forEach(
            (kind, n) ->
                out.append("dlm_download_errors_total{kind=\"")
                    .append(kind)
                    .append("\"} ")
                    .append(n.sum())
                    .append('\n'));
    out.append("# HELP dlm_downloads Downloads by state.\n");
    out.append("# TYPE dlm_downloads gauge\n");
    for (DownloadState state :
        new DownloadState[] {
          DownloadState.ACTIVE,
          DownloadState.QUEUED,
          DownloadState.PAUSED,
          DownloadState.FAILED,
          DownloadState.COMPLETE
        }) {
      out.append("dlm_downloads{state=\"")
          .append(state.code())
          .append("\"} ")
          .append(queue.count(Set.of(state)))
          .append('\n');
    }
    gauge(
        out,
        "dlm_download_speed_bytes_per_second",
        "Current download rate of all active downloads.",
        speed);
    return out.toString();
  }

  private void sample(String id, long completedBytes) {
    Long before = seenBytes.put(id, completedBytes);
    long delta = completedBytes - (before == null ? 0 : before);
    if (delta > 0) {
      downloadedBytes.add(delta);
    }
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append(' ').append(value).append('\n');
  }
}
