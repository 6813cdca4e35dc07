package dev.dlm.cli.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DaemonCommandTest {

  @TempDir Path home;

  @Test
  void aNonLoopbackAddressWithoutASecretIsRefusedInOneLineBeforeAnythingOpens() {
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(
                new DaemonCommand(
                    (h, s) -> {
                      throw new AssertionError("must not open a backend");
                    }))
            .setErr(new PrintWriter(err));
    cl.getCommandSpec()
        .addOption(CommandLine.Model.OptionSpec.builder("--home").type(Path.class).build());

    int code = cl.execute("--home", home.toString(), "--listen", "0.0.0.0:6800");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().lines())
        .singleElement()
        .asString()
        .startsWith("dlm: refusing to listen on 0.0.0.0:6800 without a secret");
  }

  @Test
  void aBadSettingValueIsOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cl =
        new CommandLine(
                new DaemonCommand(
                    (h, s) -> {
                      throw new AssertionError();
                    }))
            .setErr(new PrintWriter(err));
    cl.getCommandSpec()
        .addOption(CommandLine.Model.OptionSpec.builder("--home").type(Path.class).build());

    int code = cl.execute("--home", home.toString(), "--max-concurrent", "zero");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "dlm: invalid value 'zero' for maxConcurrent (expected integer): not a whole number");
  }
}
