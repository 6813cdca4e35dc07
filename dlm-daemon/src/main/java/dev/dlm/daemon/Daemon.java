package dev.dlm.daemon;

import dev.dlm.daemon.api.ApiServer;
import dev.dlm.daemon.api.DownloadsResource;
import dev.dlm.daemon.api.EventsSocket;
import dev.dlm.daemon.api.HealthResource;
import dev.dlm.daemon.api.OpenApiResource;
import dev.dlm.daemon.api.SettingsResource;
import dev.dlm.daemon.observe.CommandHooks;
import dev.dlm.daemon.observe.Metrics;
import dev.dlm.daemon.queue.DownloadQueue;
import dev.dlm.daemon.settings.ConfigFile;
import dev.dlm.daemon.settings.Listen;
import dev.dlm.daemon.settings.Settings;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon, assembled in one place with plain constructors: settings (defaults, then {@code
 * dlm.conf}, then the command line), the queue over the backend (store and engine), the listeners
 * (WebSocket events, metrics, completion hooks) and the HTTP server with its resources. Reading
 * this class top to bottom shows the whole object graph.
 *
 * <p>Stopping ({@link #close()}, also on SIGTERM through the command's shutdown hook) runs in the
 * reverse order within {@link #STOP_BUDGET}: the queue stops taking work and stops every run with a
 * checkpoint, then the server, the engine and the store close, and the address record is erased.
 */
public final class Daemon implements AutoCloseable {

  /** The time a stop may take in all; the process must be gone within 5 s of SIGTERM. */
  public static final Duration STOP_BUDGET = Duration.ofMillis(4500);

  private static final Logger log = LoggerFactory.getLogger(Daemon.class);

  private final DaemonHome home;
  private final Settings settings;
  private final Backend backend;
  private final DownloadQueue queue;
  private final EventsSocket events;
  private final Javalin server;
  private final DaemonAddress address;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private Daemon(
      DaemonHome home,
      Settings settings,
      Backend backend,
      DownloadQueue queue,
      EventsSocket events,
      Javalin server,
      DaemonAddress address) {
    this.home = home;
    this.settings = settings;
    this.backend = backend;
    this.queue = queue;
    this.events = events;
    this.server = server;
    this.address = address;
  }

  /**
   * Reads the settings of {@code home} overridden by {@code commandLine} (setting name to text).
   *
   * @throws DaemonException when a setting is invalid
   */
  public static Settings settings(DaemonHome home, Map<String, String> commandLine) {
    try {
      return Settings.defaults().with(new ConfigFile(home.configFile()).read()).with(commandLine);
    } catch (IllegalArgumentException e) {
      throw new DaemonException(e.getMessage(), e);
    }
  }

  /**
   * Refuses settings the daemon must not run with: a non-loopback address without a secret. Called
   * by {@link #start}; callers may call it before opening a backend, to fail fast.
   *
   * @throws DaemonException saying why and what to do
   */
  public static void check(Settings settings) {
    Listen listen = settings.get(Settings.LISTEN);
    if (settings.get(Settings.SECRET).isEmpty() && !listen.loopback()) {
      throw new DaemonException(
          "refusing to listen on "
              + listen
              + " without a secret: anyone who reaches it could make this machine"
              + " download; pass --secret TOKEN or listen on 127.0.0.1");
    }
  }

  /**
   * Starts a daemon on {@code backend} with {@code settings}; returns once it listens.
   *
   * <p>The daemon owns {@code backend} from here: it closes it when it stops, or at once when it
   * cannot start.
   *
   * @throws DaemonException with a one-line reason when it cannot start
   */
  public static Daemon start(DaemonHome home, Settings settings, Backend backend) {
    try {
      check(settings);
      home.create();
    } catch (RuntimeException e) {
      closeQuietly(backend);
      throw e;
    }
    Listen listen = settings.get(Settings.LISTEN);
    String secret = settings.get(Settings.SECRET);
    String token = secret.isEmpty() ? Token.readOrCreate(home.tokenFile()) : secret;
    ConfigFile configFile = new ConfigFile(home.configFile());

    backend.globalLimitBytesPerSecond().accept(settings.get(Settings.GLOBAL_LIMIT_RATE));
    settings.onChange(
        s -> backend.globalLimitBytesPerSecond().accept(s.get(Settings.GLOBAL_LIMIT_RATE)));

    DownloadQueue queue =
        new DownloadQueue(backend.store(), backend.launcher(), settings, Clock.systemUTC());
    queue.addListener(new CommandHooks(settings));
    AtomicReference<EventsSocket> events = new AtomicReference<>();
    Javalin server =
        ApiServer.create(
            listen,
            token,
            corsOrigins(settings),
            routes -> {
              HealthResource.routes(routes);
              Metrics.routes(routes, queue);
              OpenApiResource.routes(routes);
              DownloadsResource.routes(routes, queue, settings);
              SettingsResource.routes(routes, settings, configFile);
              events.set(EventsSocket.routes(routes, queue));
            });
    try {
      server.start();
    } catch (RuntimeException e) {
      queue.close();
      events.get().close();
      closeQuietly(backend);
      throw new DaemonException(
          "cannot listen on "
              + listen
              + ": "
              + rootMessage(e)
              + "; is another daemon running? try --listen 127.0.0.1:PORT",
          e);
    }
    queue.start();
    String host = listen.host().contains(":") ? "[" + listen.host() + "]" : listen.host();
    DaemonAddress address =
        new DaemonAddress(
            "http://" + host + ":" + server.port(), token, ProcessHandle.current().pid());
    address.write(home);
    log.info("listening on {} (settings {})", address.url(), home.configFile());
    return new Daemon(home, settings, backend, queue, events.get(), server, address);
  }

  /** The base URL clients use, e.g. {@code http://127.0.0.1:6800}. */
  public String url() {
    return address.url();
  }

  public int port() {
    return server.port();
  }

  public String token() {
    return address.token();
  }

  public Settings settings() {
    return settings;
  }

  public DaemonHome home() {
    return home;
  }

  /** The queue, for in-process embeddings and tests. */
  public DownloadQueue queue() {
    return queue;
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    long start = System.nanoTime();
    try {
      queue.shutdown(STOP_BUDGET.minusMillis(1000));
      events.close();
      server.stop();
      queue.close();
      closeQuietly(backend);
      address.erase(home);
      log.info("stopped in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
    } finally {
      stopped.countDown();
    }
  }

  private static void closeQuietly(Backend backend) {
    try {
      backend.closer().close();
    } catch (Exception e) {
      log.warn("closing the engine or store failed: {}", e.getMessage());
    }
  }

  private static List<String> corsOrigins(Settings settings) {
    String origins = settings.get(Settings.CORS_ORIGINS);
    return origins.isEmpty() ? List.of() : List.of(origins.split(","));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
