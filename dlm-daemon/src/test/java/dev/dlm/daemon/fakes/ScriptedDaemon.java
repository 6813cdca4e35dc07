package dev.dlm.daemon.fakes;

import dev.dlm.daemon.Backend;
import dev.dlm.daemon.Daemon;
import dev.dlm.daemon.DaemonHome;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * A real daemon on a random loopback port with the in-memory store and the {@link ScriptedEngine}
 * behind it: the fixture of tests that drive the daemon's surfaces (REST, WebSocket, the client
 * commands) and decide themselves when each download ends.
 */
public final class ScriptedDaemon implements AutoCloseable {

  private final ScriptedEngine engine;
  private final Daemon daemon;

  private ScriptedDaemon(ScriptedEngine engine, Daemon daemon) {
    this.engine = engine;
    this.daemon = daemon;
  }

  /** Starts one saving into {@code downloads}, with {@code settings} over the defaults. */
  public static ScriptedDaemon start(
      DaemonHome home, Path downloads, Map<String, String> settings) {
    return start(home, downloads, settings, rate -> {});
  }

  /** As above, telling {@code globalLimit} each global rate limit the daemon sets. */
  public static ScriptedDaemon start(
      DaemonHome home, Path downloads, Map<String, String> settings, LongConsumer globalLimit) {
    Map<String, String> all = new HashMap<>(settings);
    all.putIfAbsent("listen", "127.0.0.1:0");
    all.putIfAbsent("dir", downloads.toString());
    MemoryJobStore store = new MemoryJobStore();
    ScriptedEngine engine = new ScriptedEngine(store);
    Daemon daemon =
        Daemon.start(
            home, Daemon.settings(home, all), new Backend(store, engine, globalLimit, () -> {}));
    return new ScriptedDaemon(engine, daemon);
  }

  public ScriptedEngine engine() {
    return engine;
  }

  public String url() {
    return daemon.url();
  }

  public String token() {
    return daemon.token();
  }

  @Override
  public void close() {
    daemon.close();
  }
}
