package dev.dlm.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetrcTest {

  @Test
  void findsTheMachineEntryByHostCaseInsensitively() {
    Netrc netrc =
        Netrc.parse(
            """
            machine example.com login alice password s3cret
            machine other.org
              login bob
              password hunter2
              account acct
            """);

    Netrc.Entry entry = netrc.find("EXAMPLE.com").orElseThrow();
    assertThat(entry.login()).contains("alice");
    assertThat(entry.password()).contains("s3cret");
    Netrc.Entry other = netrc.find("other.org").orElseThrow();
    assertThat(other.login()).contains("bob");
    assertThat(other.account()).contains("acct");
  }

  @Test
  void fallsBackToTheDefaultEntryOnlyWhenNoMachineMatches() {
    Netrc netrc =
        Netrc.parse(
            """
            default login anonymous password guest
            machine example.com login alice password s3cret
            """);

    assertThat(netrc.find("example.com").flatMap(Netrc.Entry::login)).contains("alice");
    assertThat(netrc.find("unknown.net").flatMap(Netrc.Entry::login)).contains("anonymous");
  }

  @Test
  void findsNothingWithoutAMatchOrDefault() {
    assertThat(Netrc.parse("machine a.example login x password y").find("b.example")).isEmpty();
    assertThat(Netrc.empty().find("a.example")).isEmpty();
  }

  @Test
  void skipsMacroBodiesUpToTheEmptyLine() {
    Netrc netrc =
        Netrc.parse(
            """
            macdef init
            machine evil.example login mallory password fromMacro
            cd /pub

            machine real.example login carol password pw
            """);

    assertThat(netrc.find("evil.example")).isEmpty();
    assertThat(netrc.find("real.example").flatMap(Netrc.Entry::password)).contains("pw");
  }

  @Test
  void ignoresCommentsAndReadsQuotedValuesWithEscapes() {
    Netrc netrc =
        Netrc.parse(
            """
            # my hosts
            machine example.com login "dave smith" password "pa ss\\"word" # trailing
            """);

    Netrc.Entry entry = netrc.find("example.com").orElseThrow();
    assertThat(entry.login()).contains("dave smith");
    assertThat(entry.password()).contains("pa ss\"word");
  }

  @Test
  void findsByLoginWhenTheUrlNamesTheUser() {
    Netrc netrc =
        Netrc.parse(
            """
            machine example.com login alice password a
            machine example.com login bob password b
            """);

    assertThat(netrc.find("example.com", "bob").flatMap(Netrc.Entry::password)).contains("b");
    assertThat(netrc.find("example.com", "eve")).isEmpty();
  }

  @Test
  void neverShowsThePasswordInToString() {
    Netrc netrc = Netrc.parse("machine example.com login alice password s3cret");

    assertThat(netrc.toString()).doesNotContain("s3cret").contains("alice");
  }

  @Test
  void readsAFileAndTreatsAMissingOneAsEmpty(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("netrc"), "machine h login u password p\n");

    assertThat(Netrc.load(file).find("h").flatMap(Netrc.Entry::login)).contains("u");
    assertThat(Netrc.load(dir.resolve("missing")).entries()).isEmpty();
    assertThat(Netrc.parse("machine h login u password").find("h").flatMap(Netrc.Entry::password))
        .isEqualTo(Optional.empty());
  }
}
