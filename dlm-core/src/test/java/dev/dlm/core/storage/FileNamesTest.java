package dev.dlm.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {

  @Test
  void pathsInNamesKeepOnlyTheLastSegment() {
    assertThat(FileNames.sanitize("../x")).isEqualTo("x");
    assertThat(FileNames.sanitize("/etc/passwd")).isEqualTo("passwd");
    assertThat(FileNames.sanitize("..\\..\\windows\\win.ini")).isEqualTo("win.ini");
    assertThat(FileNames.sanitize("..")).isEqualTo(FileNames.FALLBACK);
    assertThat(FileNames.sanitize("dir/")).isEqualTo(FileNames.FALLBACK);
  }

  @Test
  void controlCharactersAndNulAreRemoved() {
    assertThat(FileNames.sanitize("a\u0000b\nc\u007f\u001b.txt")).isEqualTo("abc.txt");
    assertThat(FileNames.sanitize("what?<is>:this|.txt")).isEqualTo("what__is__this_.txt");
  }

  @Test
  void hiddenAndTrailingDotsAndSpacesGo() {
    assertThat(FileNames.sanitize(".bashrc")).isEqualTo("bashrc");
    assertThat(FileNames.sanitize("report.pdf. . ")).isEqualTo("report.pdf");
    assertThat(FileNames.sanitize("   ")).isEqualTo(FileNames.FALLBACK);
    assertThat(FileNames.sanitize("")).isEqualTo(FileNames.FALLBACK);
    assertThat(FileNames.sanitize(null)).isEqualTo(FileNames.FALLBACK);
  }

  @Test
  void windowsDeviceNamesAreDefused() {
    assertThat(FileNames.sanitize("CON")).isEqualTo("_CON");
    assertThat(FileNames.sanitize("nul.txt")).isEqualTo("_nul.txt");
    assertThat(FileNames.sanitize("com9.tar.gz")).isEqualTo("_com9.tar.gz");
    assertThat(FileNames.sanitize("console.txt")).isEqualTo("console.txt");
  }

  @Test
  void longNamesAreCutTo255BytesKeepingTheExtension() {
    String name = FileNames.sanitize("é".repeat(300) + ".iso");
    assertThat(name).endsWith(".iso");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255);
    assertThat(FileNames.sanitize("a".repeat(1000)).length()).isEqualTo(255);
  }

  @Test
  void urlsGiveTheirPercentDecodedLastSegment() {
    assertThat(FileNames.fromUri(URI.create("https://h/a/my%20file.bin?x=1"))).contains("my file.bin");
    assertThat(FileNames.fromUri(URI.create("https://h/"))).isEmpty();
    assertThat(FileNames.fromUri(URI.create("https://h"))).isEmpty();
  }

  @Test
  void manifestPathsStayInsideTheDirectory(@org.junit.jupiter.api.io.TempDir Path dir) {
    assertThat(FileNames.resolveInside(dir, "sub/a.bin")).contains(dir.resolve("sub").resolve("a.bin"));
    assertThat(FileNames.resolveInside(dir, "/abs/b.bin")).contains(dir.resolve("abs").resolve("b.bin"));
    assertThat(FileNames.resolveInside(dir, "../escape.bin")).isEmpty();
    assertThat(FileNames.resolveInside(dir, "ok/../../escape.bin")).isEmpty();
    assertThat(FileNames.resolveInside(dir, "x/.hidden/CON")).contains(dir.resolve("x").resolve("hidden").resolve("_CON"));
    assertThat(FileNames.resolveInside(dir, "")).isEmpty();
  }
}
