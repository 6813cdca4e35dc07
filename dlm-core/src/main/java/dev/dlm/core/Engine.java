package dev.dlm.core;

import dev.dlm.core.event.EventBus;
import dev.dlm.core.store.JobStore;

/**
 * The download engine: turns a {@link DownloadRequest} into bytes on disk through whichever protocol
 * the URL's scheme selects, with segments over many connections, durable checkpoints and verified
 * results. One instance serves a whole process ({@code dlm get} or the daemon).
 */
public final class Engine implements AutoCloseable {

  public Engine(EngineConfig config, JobStore store, ProtocolRegistry protocols) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Starts the download, or resumes the job with the same {@link DownloadRequest#jobKey()} from its
   * last checkpoint. Returns at once; the work runs on virtual threads.
   */
  public Download start(DownloadRequest request) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  public EventBus events() {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Changes the global rate cap (0 = unlimited); effective within 1 s. */
  public void limitGlobalRate(long bytesPerSecond) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /** Stops every running download with a final checkpoint and waits for them. */
  @Override
  public void close() {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
