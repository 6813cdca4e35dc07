package dev.dlm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path work;

  @Test
  void versionNamesTheBuild() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("--version")).isZero();
    assertThat(shell.out()).startsWith("dlm ").doesNotContain("${project.version}");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("--help")).isZero();
    assertThat(shell.out()).contains("get", "--home", "--debug", "130 interrupted");
  }

  @Test
  void helpOfGetIsPrintedOnce() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("get", "--help")).isZero();
    assertThat(shell.out().split("Usage: dlm get", -1)).hasSize(2);
  }

  @Test
  void helpListsEveryCommandAndHelpNamesAnyOfThem() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("--help")).isZero();
    assertThat(shell.out())
        .contains("get", "daemon", "add", "ls", "status", "pause", "resume", "rm", "watch");
    assertThat(shell.run("help", "ls")).isZero();
    assertThat(shell.out()).contains("Usage: dlm ls");
  }

  @Test
  void aCommandNamedAfterGlobalOptionsKeepsItsOwnOptions() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("--debug", "--home", "h", "daemon", "--help")).isZero();
    assertThat(shell.out()).contains("Usage: dlm daemon", "--listen");
  }

  @Test
  void onlyTheNamedCommandIsBuilt() {
    assertThat(Main.subcommandsFor("--home", "h", "get", "URL"))
        .extracting(Main.Subcommand::name)
        .containsExactly("get");
    assertThat(Main.subcommandsFor("--home=h", "--debug", "daemon"))
        .extracting(Main.Subcommand::name)
        .containsExactly("daemon");
    assertThat(Main.subcommandsFor("--version")).isEmpty();
    assertThat(Main.subcommandsFor("help", "get")).hasSize(10);
    assertThat(Main.subcommandsFor("fetch")).hasSize(10);
    assertThat(Main.subcommandsFor("--bogus", "get")).hasSize(10);
  }

  @Test
  void noCommandIsAUsageError() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run()).isEqualTo(ExitCode.USAGE);
    assertThat(shell.err()).contains("Usage: dlm");
  }

  @Test
  void unknownCommandIsOneLineAndAUsageError() {
    CapturedShell shell = new CapturedShell(work);

    assertThat(shell.run("fetch", "http://x/y")).isEqualTo(ExitCode.USAGE);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).startsWith("dlm: ").contains("fetch");
  }

  @Test
  void homeOptionWorksBeforeAndAfterTheCommandName() {
    CapturedShell before = new CapturedShell(work);
    CapturedShell after = new CapturedShell(work);

    before.run("--home", "one", "get", "--max-tries", "0", "http://127.0.0.1:9/x");
    after.run("get", "--home", "two", "--max-tries", "0", "http://127.0.0.1:9/x");

    assertThat(work.resolve("one/logs/dlm.log")).exists();
    assertThat(work.resolve("two/logs/dlm.log")).exists();
  }

  @Test
  void dlmHomeVariablePlacesTheLogs() {
    CapturedShell shell = new CapturedShell(work).env("DLM_HOME", work.resolve("h").toString());

    shell.run("get", "--max-tries", "0", "http://127.0.0.1:9/x");

    assertThat(work.resolve("h/logs/dlm.log")).exists();
  }

  @Test
  void aHomeThatCannotHoldTheStoreIsOneLineAndExitOne() throws Exception {
    Path notADirectory = Files.writeString(work.resolve("home-file"), "x");
    CapturedShell shell = new CapturedShell(work);

    int exit = shell.run("--home", notADirectory.toString(), "get", "http://127.0.0.1:9/x");

    assertThat(exit).isEqualTo(ExitCode.FAILED);
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.errLines().getFirst()).startsWith("dlm: ").contains("home-file");
  }

  @Test
  void nothingButTheErrorLineReachesTheTerminalWithoutDebug() {
    CapturedShell shell = new CapturedShell(work);

    shell.run("--home", "h", "get", "--bogus", "http://x/y");

    assertThat(shell.out()).isEmpty();
    assertThat(shell.errLines()).hasSize(1);
    assertThat(shell.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void debugAddsTheStackTrace() {
    CapturedShell shell = new CapturedShell(work);

    shell.run("--home", "h", "--debug", "get", "--bogus", "http://x/y");

    assertThat(shell.errLines().getFirst()).startsWith("dlm: unknown option");
    assertThat(shell.err()).contains("\tat ");
  }
}
