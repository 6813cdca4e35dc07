package dev.dlm.testing.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.testing.TestData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HttpOriginProcessTest {

  @Test
  void servesGeneratedFilesAsAStandaloneProcess() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HttpOrigin.class.getName(),
                "--generate",
                "blob.bin:100000:3",
                "--no-ranges")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try (BufferedReader out =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        HttpClient client = HttpClient.newHttpClient()) {
      String first = out.readLine();
      assertThat(first).startsWith("port=");
      URI uri = URI.create("http://127.0.0.1:" + first.substring(5) + "/blob.bin");

      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(uri).header("Range", "bytes=0-9").build(),
              HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(TestData.sha256(response.body()))
          .isEqualTo(TestData.sha256(TestData.bytes(3, 100_000)));
    } finally {
      process.destroy();
      process.waitFor();
    }
  }
}
