package dev.dlm.daemon;

import dev.dlm.core.Engine;
import dev.dlm.core.EngineConfig;
import dev.dlm.core.ProtocolRegistry;
import dev.dlm.core.store.JobStore;
import dev.dlm.daemon.settings.Settings;
import dev.dlm.spi.Prompt;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The production {@link Backend}: the SQLite job store of the home and the engine over the
 * protocols found on the class path, configured from the daemon's settings.
 */
public final class EngineBackend {

  private EngineBackend() {}

  /**
   * Opens the store and starts the engine.
   *
   * @throws DaemonException with a one-line reason
   */
  public static Backend open(DaemonHome home, Settings settings) {
    return open(home, settings, UnaryOperator.identity());
  }

  /**
   * Opens the store and starts the engine with its configuration changed by {@code tune} (tests
   * shorten the engine's own retries so a job-level retry shows within a second).
   */
  static Backend open(DaemonHome home, Settings settings, UnaryOperator<EngineConfig> tune) {
    home.create();
    JobStore store = openStore(home.storeFile());
    ProtocolRegistry protocols = null;
    try {
      ProtocolContext d = ProtocolContext.defaults();
      ProtocolContext context =
          new ProtocolContext(
              d.connectTimeout(),
              d.readTimeout(),
              false,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              d.userAgent(),
              settings.get(Settings.MAX_CONNECTIONS_PER_HOST),
              Map.of(),
              Prompt.none(),
              Clock.systemUTC());
      protocols = ProtocolRegistry.load(context);
      EngineConfig e = EngineConfig.defaults(context);
      EngineConfig config =
          new EngineConfig(
              context,
              e.maxConnectionsPerDownload(),
              e.minSegmentBytes(),
              e.checkpointInterval(),
              e.checkpointBytesPerConnection(),
              e.retry(),
              e.lowSpeedBytesPerSecond(),
              e.lowSpeedTime(),
              settings.get(Settings.GLOBAL_LIMIT_RATE),
              e.clock(),
              settings.get(Settings.MAX_CONNECTIONS));
      Engine engine = new Engine(tune.apply(config), store, protocols);
      // The engine closes the protocols it was given.
      return new Backend(
          store,
          engine::start,
          engine::limitGlobalRate,
          () -> {
            try {
              engine.close();
            } finally {
              store.close();
            }
          });
    } catch (RuntimeException e) {
      if (protocols != null) {
        protocols.close();
      }
      store.close();
      throw new DaemonException("cannot start the engine: " + e.getMessage(), e);
    }
  }

  private static JobStore openStore(Path file) {
    try {
      return SqliteJobStore.open(file);
    } catch (RuntimeException e) {
      throw new DaemonException(e.getMessage(), e);
    }
  }
}
