package dev.dlm.cli.get;

import dev.dlm.cli.progress.ProgressMode;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.RetryPolicy;
import dev.dlm.spi.ProtocolContext;
import java.util.List;

/**
 * What a {@code dlm get} command line asks for, checked and ready for the engine.
 *
 * @param requests one per URL, in order
 * @param context the settings every protocol is created with
 * @param retry how transient failures are retried
 * @param jobs how many downloads run at once
 * @param progress how progress is shown
 */
record GetPlan(
    List<DownloadRequest> requests,
    ProtocolContext context,
    RetryPolicy retry,
    int jobs,
    ProgressMode progress) {

  GetPlan {
    requests = List.copyOf(requests);
  }
}
