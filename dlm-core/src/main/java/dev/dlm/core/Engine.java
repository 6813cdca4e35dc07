package dev.dlm.core;

import dev.dlm.core.event.EventBus;
import dev.dlm.core.event.QueuedEventBus;
import dev.dlm.core.storage.PartOpener;
import dev.dlm.core.transfer.Downloads;
import dev.dlm.core.store.JobStore;

/**
 * The download engine: turns a {@link DownloadRequest} into bytes on disk through whichever protocol
 * the URL's scheme selects, with segments over many connections, durable checkpoints and verified
 * results. One instance serves a whole process ({@code dlm get} or the daemon).
 *
 * <p>This class is a thin facade: the stages of a download are assembled in {@code
 * transfer.DownloadRun}, whose design note (and {@code docs/design/engine.md}) explains them.
 */
public final class Engine implements AutoCloseable {

  private final ProtocolRegistry protocols;
  private final QueuedEventBus bus = new QueuedEventBus();
  private final Downloads downloads;

  public Engine(EngineConfig config, JobStore store, ProtocolRegistry protocols) {
    this(config, store, protocols, PartOpener.files());
  }

  /** For tests: {@code opener} replaces the real file system for {@code .part} files. */
  Engine(EngineConfig config, JobStore store, ProtocolRegistry protocols, PartOpener opener) {
    this.protocols = protocols;
    this.downloads = new Downloads(config, store, protocols, bus, opener);
  }

  /**
   * Starts the download, or resumes the job with the same {@link DownloadRequest#jobKey()} from its
   * last checkpoint. Returns at once; the work runs on virtual threads. Starting a job that is
   * already running returns the running download.
   */
  public Download start(DownloadRequest request) {
    return downloads.start(request);
  }

  public EventBus events() {
    return bus;
  }

  /** Changes the global rate cap (0 = unlimited); effective within 1 s. */
  public void limitGlobalRate(long bytesPerSecond) {
    downloads.limitGlobalRate(bytesPerSecond);
  }

  /** Stops every running download with a final checkpoint, waits for them, closes the protocols. */
  @Override
  public void close() {
    downloads.close();
    protocols.close();
    bus.close();
  }
}
