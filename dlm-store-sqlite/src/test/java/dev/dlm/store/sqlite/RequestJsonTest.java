package dev.dlm.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dlm.core.DownloadRequest;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestJsonTest {

  @Test
  void readsBackEveryFieldItWrote() {
    DownloadRequest request = Jobs.everyFieldSet("j1").request();

    assertThat(RequestJson.read(RequestJson.write(request))).isEqualTo(request);
  }

  @Test
  void writesTheDocumentedFormat() {
    DownloadRequest request =
        new DownloadRequest(
            List.of(URI.create("https://a.example/f.iso"), URI.create("https://b.example/f.iso")),
            Path.of("/srv/downloads"),
            Optional.of("f.iso"),
            4,
            1_000_000,
            Optional.of(ContentDigest.parse("md5=" + "0f".repeat(16))),
            List.of(new Header("Cookie", "a=b")),
            true,
            false);

    assertThat(RequestJson.write(request))
        .isEqualTo(
            "{\"urls\":[\"https://a.example/f.iso\",\"https://b.example/f.iso\"],"
                + "\"directory\":\"/srv/downloads\",\"fileName\":\"f.iso\","
                + "\"maxConnections\":4,\"limitBytesPerSecond\":1000000,"
                + "\"checksum\":\"md5="
                + "0f".repeat(16)
                + "\",\"headers\":[{\"name\":\"Cookie\",\"value\":\"a=b\"}],"
                + "\"overwrite\":true,\"recursive\":false}");
  }

  @Test
  void leavesOutAbsentOptionals() {
    String json =
        RequestJson.write(
            DownloadRequest.of(URI.create("https://a.example/f.iso"), Path.of("/srv")));

    assertThat(json).doesNotContain("fileName").doesNotContain("checksum");
  }

  @Test
  void readsMissingFieldsAsDefaultsAndSkipsUnknownOnes() {
    DownloadRequest request =
        RequestJson.read(
            "{\"urls\":[\"https://a.example/f.iso\"],\"directory\":\"/srv\","
                + "\"addedLater\":{\"nested\":[1,2,{\"x\":null}]},\"alsoLater\":[true]}");

    assertThat(request)
        .isEqualTo(DownloadRequest.of(URI.create("https://a.example/f.iso"), Path.of("/srv")));
  }

  @Test
  void neverQuotesTheStoredTextWhenItCannotBeParsed() {
    String broken = "{\"headers\":[{\"name\":\"Authorization\",\"value\":\"Bearer s3cr3t\"}";

    assertThatThrownBy(() -> RequestJson.read(broken))
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain("s3cr3t");
              }
            });
  }

  @Test
  void rejectsTextThatIsNotAStoredRequest() {
    assertThatThrownBy(() -> RequestJson.read("{\"urls\":[\"https://a.example/\"]"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestJson.read("{\"urls\":[\"https://a.example/\"]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory");
    assertThatThrownBy(() -> RequestJson.read("[]")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RequestJson.read("{\"urls\":[1],\"directory\":\"/srv\"}"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
