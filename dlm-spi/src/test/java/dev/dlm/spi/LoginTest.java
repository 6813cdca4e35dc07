package dev.dlm.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LoginTest {

  private static final Netrc NETRC =
      Netrc.parse(
          "machine example.org login bob password fromNetrc\n"
              + "machine example.org login carol password carols\n");

  @Test
  void theUrlsUserAndPasswordWinOverNetrc() {
    Login login = Login.of(URI.create("ftp://alice:p%40ss@example.org/f"), NETRC);

    assertThat(login.user()).hasValue("alice");
    assertThat(login.password()).hasValue("p@ss");
  }

  @Test
  void netrcSuppliesTheUserAndPasswordWhenTheUrlHasNone() {
    Login login = Login.of(URI.create("sftp://example.org/f"), NETRC);

    assertThat(login.user()).hasValue("bob");
    assertThat(login.password()).hasValue("fromNetrc");
  }

  @Test
  void netrcSuppliesThePasswordOfTheUrlsUser() {
    Login login = Login.of(URI.create("ftp://carol@example.org/f"), NETRC);

    assertThat(login.user()).hasValue("carol");
    assertThat(login.password()).hasValue("carols");
  }

  @Test
  void aHostNetrcDoesNotKnowGivesNoLogin() {
    Login login = Login.of(URI.create("ftp://other.org/f"), NETRC);

    assertThat(login.user()).isEmpty();
    assertThat(login.password()).isEmpty();
    assertThat(Login.of(URI.create("ftp://dave:x@example.org/"), NETRC).toString())
        .doesNotContain("x]")
        .contains("<hidden>");
  }
}
