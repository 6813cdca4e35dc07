package dev.dlm.daemon;

import java.nio.file.Path;
import java.util.Map;

/** The production daemon as a separate process, for kill -9 tests. Argument: the home directory. */
public final class EngineDaemonMain {

  private EngineDaemonMain() {}

  public static void main(String[] args) throws InterruptedException {
    DaemonHome home = DaemonHome.single(Path.of(args[0]));
    var settings = Daemon.settings(home, Map.of("listen", "127.0.0.1:0"));
    Daemon daemon = Daemon.start(home, settings, EngineBackend.open(home, settings));
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "dlm-daemon-stop"));
    daemon.awaitStop();
  }
}
