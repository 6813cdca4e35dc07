package dev.dlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeTest {

  @TempDir Path work;

  @Test
  void homeOptionHoldsEverythingInOneDirectory() {
    Shell shell = new CapturedShell(work).env("DLM_HOME", "/elsewhere").shell();

    Home home = Home.resolve(Optional.of(Path.of("h")), shell);

    assertThat(home.storeFile()).isEqualTo(work.resolve("h/dlm.db"));
    assertThat(home.queueStoreFile()).isEqualTo(work.resolve("h/queue.db"));
    assertThat(home.configFile()).isEqualTo(work.resolve("h/dlm.conf"));
    assertThat(home.logFile()).isEqualTo(work.resolve("h/logs/dlm.log"));
    assertThat(home.daemonFile()).isEqualTo(work.resolve("h/daemon.json"));
  }

  @Test
  void dlmHomeVariableIsUsedWithoutTheOption() {
    Shell shell =
        new CapturedShell(work).env("DLM_HOME", "/srv/dlm").env("XDG_DATA_HOME", "/x").shell();

    Home home = Home.resolve(Optional.empty(), shell);

    assertThat(home).isEqualTo(Home.single(Path.of("/srv/dlm")));
  }

  @Test
  void xdgDirectoriesSplitStoreConfigAndState() {
    Shell shell =
        new CapturedShell(work)
            .env("HOME", "/home/u")
            .env("XDG_DATA_HOME", "/d")
            .env("XDG_CONFIG_HOME", "/c")
            .env("XDG_STATE_HOME", "/s")
            .shell();

    Home home = Home.resolve(Optional.empty(), shell);

    assertThat(home.storeFile()).isEqualTo(Path.of("/d/dlm/dlm.db"));
    assertThat(home.configFile()).isEqualTo(Path.of("/c/dlm/dlm.conf"));
    assertThat(home.logFile()).isEqualTo(Path.of("/s/dlm/logs/dlm.log"));
    assertThat(home.daemonFile()).isEqualTo(Path.of("/s/dlm/daemon.json"));
  }

  @Test
  void missingOrRelativeXdgVariablesFallBackToTheUsersHome() {
    Shell shell =
        new CapturedShell(work).env("HOME", "/home/u").env("XDG_DATA_HOME", "relative").shell();

    Home home = Home.resolve(Optional.empty(), shell);

    assertThat(home.dataDir()).isEqualTo(Path.of("/home/u/.local/share/dlm"));
    assertThat(home.configDir()).isEqualTo(Path.of("/home/u/.config/dlm"));
    assertThat(home.stateDir()).isEqualTo(Path.of("/home/u/.local/state/dlm"));
  }
}
