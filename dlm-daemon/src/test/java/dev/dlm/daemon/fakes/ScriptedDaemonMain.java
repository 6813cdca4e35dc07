package dev.dlm.daemon.fakes;

import dev.dlm.daemon.Backend;
import dev.dlm.daemon.Daemon;
import dev.dlm.daemon.DaemonHome;
import dev.dlm.store.sqlite.SqliteJobStore;
import java.nio.file.Path;
import java.util.Map;

/**
 * A daemon process over the real SQLite store and the scripted engine (whose runs go on until they
 * are stopped), for tests that signal or kill a separate process. Argument: the home directory.
 */
public final class ScriptedDaemonMain {

  private ScriptedDaemonMain() {}

  public static void main(String[] args) throws InterruptedException {
    DaemonHome home = DaemonHome.single(Path.of(args[0]));
    home.create();
    SqliteJobStore store = SqliteJobStore.open(home.storeFile());
    Daemon daemon =
        Daemon.start(
            home,
            Daemon.settings(home, Map.of("listen", "127.0.0.1:0")),
            new Backend(store, new ScriptedEngine(store), rate -> {}, store::close));
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "dlm-daemon-stop"));
    daemon.awaitStop();
  }
}
