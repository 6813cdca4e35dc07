package dev.dlm.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

  @TempDir Path dir;

  @Test
  void takenNamesGetANumberBeforeTheExtension() throws Exception {
    Files.writeString(dir.resolve("name.ext"), "x");
    Files.writeString(dir.resolve("name (1).ext.part"), "x");

    assertThat(Targets.choose(dir, "name.ext", false)).isEqualTo(dir.resolve("name (2).ext"));
    assertThat(Targets.choose(dir, "name.ext", true)).isEqualTo(dir.resolve("name.ext"));
    Files.writeString(dir.resolve("a.tar.gz"), "x");
    assertThat(Targets.choose(dir, "a.tar.gz", false)).isEqualTo(dir.resolve("a (1).tar.gz"));
    Files.writeString(dir.resolve("README"), "x");
    assertThat(Targets.choose(dir, "README", false)).isEqualTo(dir.resolve("README (1)"));
  }

  @Test
  void movingIntoPlaceNeverReplacesAFileThatAppearedMeanwhile() throws Exception {
    Path part = dir.resolve("f.bin.part");
    Files.writeString(part, "new");
    Files.writeString(dir.resolve("f.bin"), "old");

    Path placed = Targets.moveIntoPlace(part, dir.resolve("f.bin"), false);

    assertThat(placed).isEqualTo(dir.resolve("f (1).bin"));
    assertThat(Files.readString(dir.resolve("f.bin"))).isEqualTo("old");
    assertThat(Files.readString(placed)).isEqualTo("new");
    assertThat(part).doesNotExist();
  }

  @Test
  void overwriteReplacesAtomically() throws Exception {
    Path part = dir.resolve("f.bin.part");
    Files.writeString(part, "new");
    Files.writeString(dir.resolve("f.bin"), "old");

    assertThat(Targets.moveIntoPlace(part, dir.resolve("f.bin"), true)).isEqualTo(dir.resolve("f.bin"));
    assertThat(Files.readString(dir.resolve("f.bin"))).isEqualTo("new");
  }
}
