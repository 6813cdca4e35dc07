package dev.dlm.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir Path home;

  @Test
  void readsNameValueLinesAndSkipsComments() throws Exception {
    Path path = home.resolve(ConfigFile.NAME);
    Files.write(path, List.of("# my daemon", "", "maxConcurrent = 3", "globalLimitRate=1M"));

    Map<String, String> read = new ConfigFile(path).read();

    assertThat(read)
        .containsExactly(Map.entry("maxConcurrent", "3"), Map.entry("globalLimitRate", "1M"));
    assertThat(Settings.defaults().with(read).get(Settings.MAX_CONCURRENT)).isEqualTo(3);
  }

  @Test
  void aMissingFileSetsNothing() {
    assertThat(new ConfigFile(home.resolve("absent.conf")).read()).isEmpty();
  }

  @Test
  void writingReplacesChangedLinesAndKeepsCommentsAndOthers() throws Exception {
    Path path = home.resolve(ConfigFile.NAME);
    Files.write(path, List.of("# keep me", "maxConcurrent = 3", "logFormat = json"));

    new ConfigFile(path).write(Map.of("maxConcurrent", "7", "globalLimitRate", "2M"));

    assertThat(Files.readAllLines(path))
        .containsExactly(
            "# keep me", "maxConcurrent = 7", "logFormat = json", "globalLimitRate = 2M");
  }

  @Test
  void aMalformedLineIsReportedWithItsLineNumber() throws Exception {
    Path path = home.resolve(ConfigFile.NAME);
    Files.write(path, List.of("maxConcurrent = 3", "oops"));

    assertThatThrownBy(() -> new ConfigFile(path).read()).hasMessageContaining(":2:");
  }
}
