package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.testing.http.CookieFile;
import dev.dlm.testing.http.HttpOrigin;
import dev.dlm.testing.http.LoggedRequest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpCredentialsTest {

  @TempDir Path dir;
  private HttpOrigin origin;

  @BeforeEach
  void start() throws Exception {
    origin = HttpOrigin.start();
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  private URI withUser(String userInfo, String path) {
    return URI.create("http://" + userInfo + "@127.0.0.1:" + origin.port() + path);
  }

  @Test
  void sendsUrlCredentialsPreemptively() throws Exception {
    origin.serveGenerated("/private", 1, 500).requireBasicAuth("alice", "p@ss word");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.plain())) {
      RangedResource resource =
          (RangedResource) protocol.probe(Source.of(withUser("alice:p%40ss%20word", "/private")));

      assertThat(resource.lengthBytes()).isEqualTo(500);
      assertThat(resource.location().getUserInfo()).isNull();
    }
    assertThat(origin.requests("/private")).extracting(LoggedRequest::status).containsExactly(200);
  }

  @Test
  void failsWithAuthFailedForWrongCredentials() {
    origin.serveGenerated("/private", 1, 500).requireBasicAuth("alice", "right");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.plain())) {
      TransferException failure =
          catchThrowableOfType(
              TransferException.class,
              () -> protocol.probe(Source.of(withUser("alice:wrong", "/private"))));

      assertThat(failure.kind()).isEqualTo(ErrorKind.AUTH_FAILED);
      assertThat(failure.getMessage()).doesNotContain("wrong");
    }
  }

  @Test
  void answersTheChallengeWithNetrcCredentials() throws Exception {
    origin.serveGenerated("/private", 1, 500).requireBasicAuth("bob", "hunter2");
    Path netrc =
        Files.writeString(
            dir.resolve("netrc"),
            "machine other.example login x password y\n"
                + "machine 127.0.0.1 login bob password hunter2\n");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.netrc(netrc))) {
      RangedResource resource = (RangedResource) protocol.probe(Source.of(origin.uri("/private")));

      assertThat(resource.lengthBytes()).isEqualTo(500);
    }
    assertThat(origin.requests("/private").getFirst().status()).isEqualTo(401);
    assertThat(origin.requests("/private").getLast().status()).isEqualTo(200);
  }

  @Test
  void answersADigestChallengeWithNetrcCredentials() throws Exception {
    origin.serveGenerated("/digest", 1, 300).requireDigestAuth("carol", "d1gest");
    Path netrc =
        Files.writeString(dir.resolve("netrc"), "machine 127.0.0.1 login carol password d1gest\n");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.netrc(netrc))) {
      RangedResource resource = (RangedResource) protocol.probe(Source.of(origin.uri("/digest")));

      assertThat(resource.lengthBytes()).isEqualTo(300);
    }
    assertThat(origin.requests("/digest").getLast().header("Authorization"))
        .hasValueSatisfying(
            value -> assertThat(value).startsWith("Digest ").doesNotContain("d1gest"));
  }

  @Test
  void looksUpThePasswordInNetrcForAUserNamedInTheUrl() throws Exception {
    origin.serveGenerated("/private", 1, 500).requireBasicAuth("dave", "fromnetrc");
    Path netrc =
        Files.writeString(
            dir.resolve("netrc"),
            "machine 127.0.0.1 login erin password other\n"
                + "machine 127.0.0.1 login dave password fromnetrc\n");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.netrc(netrc))) {
      RangedResource resource =
          (RangedResource) protocol.probe(Source.of(withUser("dave", "/private")));

      assertThat(resource.lengthBytes()).isEqualTo(500);
    }
  }

  @Test
  void sendsMatchingCookiesFromTheCookieFile() throws Exception {
    origin.serveGenerated("/app/data", 1, 500).requireCookie("session", "abc123");
    Path cookies =
        CookieFile.write(
            dir.resolve("cookies.txt"),
            List.of(
                CookieFile.Cookie.of("127.0.0.1", "session", "abc123"),
                new CookieFile.Cookie(
                    "127.0.0.1",
                    false,
                    "/other",
                    false,
                    Instant.now().plusSeconds(600),
                    "wrongpath",
                    "1",
                    false),
                new CookieFile.Cookie(
                    "127.0.0.1",
                    false,
                    "/",
                    true,
                    Instant.now().plusSeconds(600),
                    "secureonly",
                    "1",
                    false),
                new CookieFile.Cookie(
                    "127.0.0.1",
                    false,
                    "/",
                    false,
                    Instant.parse("2001-01-01T00:00:00Z"),
                    "expired",
                    "1",
                    false),
                new CookieFile.Cookie(
                    "elsewhere.example",
                    false,
                    "/",
                    false,
                    Instant.now().plusSeconds(600),
                    "foreign",
                    "1",
                    false),
                new CookieFile.Cookie(
                    "127.0.0.1",
                    false,
                    "/app",
                    false,
                    Instant.now().plusSeconds(600),
                    "httponly",
                    "yes",
                    true)));

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.cookies(cookies))) {
      RangedResource resource = (RangedResource) protocol.probe(Source.of(origin.uri("/app/data")));

      assertThat(resource.lengthBytes()).isEqualTo(500);
    }
    String sent = origin.requests("/app/data").getFirst().header("Cookie").orElse("");
    assertThat(sent).contains("session=abc123").contains("httponly=yes");
    assertThat(sent)
        .doesNotContain("wrongpath")
        .doesNotContain("secureonly")
        .doesNotContain("expired")
        .doesNotContain("foreign");
  }

  @Test
  void failsForbiddenWithoutTheCookie() {
    origin.serveGenerated("/app/data", 1, 500).requireCookie("session", "abc123");

    try (HttpProtocol protocol = TestContexts.protocol(TestContexts.plain())) {
      TransferException failure =
          catchThrowableOfType(
              TransferException.class, () -> protocol.probe(Source.of(origin.uri("/app/data"))));

      assertThat(failure.kind()).isEqualTo(ErrorKind.FORBIDDEN);
    }
  }
}
