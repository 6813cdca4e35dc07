package dev.dlm.protocol.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RemoteNamesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"", ".", "..", "/x", "a/b", "..\\..\\x", "bell\u0007", "new\nline", "del\u007f"})
  void namesThatCouldEscapeOrMisleadAreRejected(String name) {
    assertThat(RemoteNames.acceptable(name)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.txt", "...", "with space", "%41", "ünï cödé", "?#&;", ".hidden"})
  void plainNamesAreAccepted(String name) {
    assertThat(RemoteNames.acceptable(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"with space", "%41", "ünï cödé", "?#&;", "a+b"})
  void aChildUrlDecodesBackToTheExactName(String name) {
    URI child = RemoteNames.child(URI.create("ftp://u:p%40ss@host:2121/dir%20x/"), name);

    assertThat(child.getPath()).isEqualTo("/dir x/" + name);
    assertThat(child.getRawUserInfo()).isEqualTo("u:p%40ss");
    assertThat(child.getPort()).isEqualTo(2121);
  }

  @Test
  void aDirectoryWithoutATrailingSlashStillGetsOne() {
    assertThat(RemoteNames.child(URI.create("ftp://host/dir"), "f").toString())
        .isEqualTo("ftp://host/dir/f");
  }
}
