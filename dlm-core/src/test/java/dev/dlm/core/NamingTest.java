package dev.dlm.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.spi.ManifestResource;
import dev.dlm.spi.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamingTest {

  @TempDir Path dir;

  @Test
  void anExistingFileIsKeptAndTheDownloadGetsANumberedName() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("name.ext", 10_000, 40);
      Files.writeString(dir.resolve("name.ext"), "mine");

      DownloadOutcome outcome = h.run(h.request("name.ext"));

      assertThat(((DownloadOutcome.Completed) outcome).files()).containsExactly(dir.resolve("name (1).ext"));
      assertThat(Files.readString(dir.resolve("name.ext"))).isEqualTo("mine");
      assertThat(Files.readAllBytes(dir.resolve("name (1).ext"))).isEqualTo(served.content());
    }
  }

  @Test
  void overwriteReplacesTheExistingFile() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("name.ext", 10_000, 41);
      Files.writeString(dir.resolve("name.ext"), "mine");
      DownloadRequest plain = h.request("name.ext");
      DownloadRequest request = new DownloadRequest(plain.sources(), dir, Optional.empty(), 0, 0, Optional.empty(), List.of(), true, false);

      DownloadOutcome outcome = h.run(request);

      assertThat(((DownloadOutcome.Completed) outcome).files()).containsExactly(dir.resolve("name.ext"));
      assertThat(Files.readAllBytes(dir.resolve("name.ext"))).isEqualTo(served.content());
    }
  }

  @Test
  void aHostileServerNameIsSanitisedAndStaysInTheDirectory() throws Exception {
    try (EngineHarness h = new EngineHarness(dir.resolve("in"))) {
      var served = h.protocol.serve("evil", 1000, 42);
      served.suggestedName = "../../etc/passwd\u0000";

      DownloadOutcome outcome = h.run(h.request("evil"));

      assertThat(((DownloadOutcome.Completed) outcome).files()).containsExactly(dir.resolve("in").resolve("passwd"));
      try (Stream<Path> all = Files.list(dir)) {
        assertThat(all).containsExactly(dir.resolve("in"));
      }
    }
  }

  @Test
  void theUsersNameWinsOverTheServersAndTheUrls() throws Exception {
    try (EngineHarness h = new EngineHarness(dir)) {
      var served = h.protocol.serve("url-name.bin", 1000, 43);
      served.suggestedName = "server-name.bin";
      DownloadRequest plain = h.request("url-name.bin");

      var byServer = (DownloadOutcome.Completed) h.run(plain);
      var byUser = (DownloadOutcome.Completed) h.run(new DownloadRequest(plain.sources(), dir, Optional.of("CON"), 0, 0, Optional.empty(), List.of(), false, false));

      assertThat(byServer.files()).containsExactly(dir.resolve("server-name.bin"));
      assertThat(byUser.files()).containsExactly(dir.resolve("_CON"));
    }
  }

  @Test
  void aManifestExpandsIntoFilesInsideTheDirectory() throws Exception {
    try (EngineHarness h = new EngineHarness(dir.resolve("out"))) {
      var a = h.protocol.serve("tree/a.bin", 200_000, 44);
      var b = h.protocol.serve("tree/sub/b.bin", 50_000, 45);
      h.protocol.serve("tree/evil.bin", 10, 46);
      h.protocol.serveManifest("tree/", List.of(
          new ManifestResource.Entry(Source.of(BytesProtocol.uri("tree/a.bin")), "a.bin", 200_000),
          new ManifestResource.Entry(Source.of(BytesProtocol.uri("tree/sub/b.bin")), "sub/b.bin", 50_000),
          new ManifestResource.Entry(Source.of(BytesProtocol.uri("tree/evil.bin")), "../evil.bin", 10)));

      DownloadOutcome outcome = h.run(h.request("tree/"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Completed.class);
      var done = (DownloadOutcome.Completed) outcome;
      Path out = dir.resolve("out");
      assertThat(done.files()).containsExactly(out.resolve("a.bin"), out.resolve("sub").resolve("b.bin"));
      assertThat(done.sha256Hex()).hasSize(2);
      assertThat(done.totalBytes()).isEqualTo(250_000);
      assertThat(Files.readAllBytes(out.resolve("a.bin"))).isEqualTo(a.content());
      assertThat(Files.readAllBytes(out.resolve("sub").resolve("b.bin"))).isEqualTo(b.content());
      assertThat(dir.resolve("evil.bin")).doesNotExist();
    }
  }

  @Test
  void aManifestWithFailingEntriesFailsWithASummary() {
    try (EngineHarness h = new EngineHarness(dir)) {
      h.protocol.serve("list/ok.bin", 1000, 47);
      h.protocol.serveManifest("list/", List.of(
          new ManifestResource.Entry(Source.of(BytesProtocol.uri("list/ok.bin")), "ok.bin", 1000),
          new ManifestResource.Entry(Source.of(BytesProtocol.uri("list/gone.bin")), "gone.bin", 1000)));

      DownloadOutcome outcome = h.run(h.request("list/"));

      assertThat(outcome).isInstanceOf(DownloadOutcome.Failed.class);
      assertThat(((DownloadOutcome.Failed) outcome).message()).startsWith("1 of 2 files failed; first: gone.bin:");
      assertThat(dir.resolve("ok.bin")).exists();
    }
  }
}
