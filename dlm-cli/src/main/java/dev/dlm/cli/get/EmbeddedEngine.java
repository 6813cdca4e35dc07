package dev.dlm.cli.get;

import dev.dlm.cli.Home;
import dev.dlm.core.Download;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.Engine;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.ProtocolRegistry;
import dev.dlm.core.RetryPolicy;
import dev.dlm.core.event.EventBus;
import dev.dlm.core.store.JobStore;
import dev.dlm.store.sqlite.SqliteJobStore;
import dev.dlm.store.sqlite.StoreException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code dlm get}: the job store in the home, the protocols on the class
 * path and the engine over them, closed in reverse order (the engine closes the protocols).
 *
 * <p>While it is open, a shutdown hook closes the engine when the process is terminated (SIGTERM,
 * the end of a session), so a final checkpoint is written; Ctrl-C takes the gentler path through
 * {@link dev.dlm.cli.Interrupts}.
 */
final class EmbeddedEngine implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);

  private final JobStore store;
  private final ProtocolRegistry protocols;
  private final Engine engine;
  private final Thread shutdownHook;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedEngine(JobStore store, ProtocolRegistry protocols, Engine engine) {
    this.store = store;
    this.protocols = protocols;
    this.engine = engine;
    this.shutdownHook = new Thread(this::close, "dlm-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Opens the store in {@code home} and starts an engine over it. */
  static EmbeddedEngine open(Home home, dev.dlm.spi.ProtocolContext context, RetryPolicy retry)
      throws StartFailure {
    JobStore store = openStore(home.storeFile());
    ProtocolRegistry protocols = null;
    try {
      protocols = ProtocolRegistry.load(context);
      EngineConfig defaults = EngineConfig.defaults(context);
      EngineConfig config =
          new EngineConfig(
              context,
              defaults.maxConnectionsPerDownload(),
              defaults.minSegmentBytes(),
              defaults.checkpointInterval(),
              defaults.checkpointBytesPerConnection(),
              retry,
              defaults.lowSpeedBytesPerSecond(),
              defaults.lowSpeedTime(),
              defaults.globalLimitBytesPerSecond(),
              defaults.clock(), 0);
      return new EmbeddedEngine(store, protocols, new Engine(config, store, protocols));
    } catch (RuntimeException e) {
      if (protocols != null) {
        protocols.close();
      }
      store.close();
      throw e;
    }
  }

  private static JobStore openStore(Path file) throws StartFailure {
    try {
      return SqliteJobStore.open(file);
    } catch (StoreException e) {
      throw new StartFailure(e.getMessage(), e);
    }
  }

  /** The URL schemes some protocol on the class path handles. */
  List<String> schemes() {
    return protocols.schemes();
  }

  Download start(DownloadRequest request) {
    return engine.start(request);
  }

  EventBus events() {
    return engine.events();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // The JVM is shutting down already; the hook is running or will find this closed.
      }
    }
    try {
      engine.close();
    } catch (RuntimeException e) {
      log.warn("closing the engine failed", e);
    }
    store.close();
  }

  /** The engine could not be set up; the message is one line for the user. */
  static final class StartFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StartFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
