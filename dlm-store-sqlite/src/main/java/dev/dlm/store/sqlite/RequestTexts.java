package dev.dlm.store.sqlite;

import dev.dlm.core.DownloadRequest;
import dev.dlm.core.store.JobRecord;
import java.util.HashMap;
import java.util.Map;

/**
 * The request JSON last written for each job, so that the updates of a running download (active,
 * planned, complete: each rewrites every column) do not write the same unchanged request again. A
 * job keeps one {@link DownloadRequest} instance through its updates, so an identity check decides;
 * a new instance (a changed request) is written afresh. Writing the JSON was half the CPU time of a
 * store update in a {@code dlm get -i} batch of small files (JFR). Bounded: past {@link #MAX_JOBS}
 * jobs it starts over. Not thread-safe: the store's lock guards it.
 */
final class RequestTexts {

  static final int MAX_JOBS = 1_024;

  private final Map<String, Written> byJob = new HashMap<>();

  /** {@code job}'s request as JSON, written again only if it is another request than last time. */
  String of(JobRecord job) {
    Written last = byJob.get(job.id());
    if (last != null && last.request() == job.request()) {
      return last.json();
    }
    String json = RequestJson.write(job.request());
    if (byJob.size() >= MAX_JOBS) {
      byJob.clear();
    }
    byJob.put(job.id(), new Written(job.request(), json));
    return json;
  }

  void forget(String jobId) {
    byJob.remove(jobId);
  }

  private record Written(DownloadRequest request, String json) {}
}
