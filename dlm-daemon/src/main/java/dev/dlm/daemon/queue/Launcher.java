package dev.dlm.daemon.queue;

import dev.dlm.core.Download;
import dev.dlm.core.DownloadRequest;

/**
 * Starts (or resumes, by {@link DownloadRequest#jobKey()}) one run of a download. In the daemon
 * this is {@code engine::start}; the queue needs nothing else of the engine, which keeps it
 * testable without one.
 */
@FunctionalInterface
public interface Launcher {
  Download launch(DownloadRequest request);
}
