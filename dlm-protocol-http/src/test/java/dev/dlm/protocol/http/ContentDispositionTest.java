package dev.dlm.protocol.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ContentDispositionTest {

  @Test
  void readsAPlainOrQuotedFilename() {
    assertThat(ContentDisposition.fileName("attachment; filename=report.pdf"))
        .contains("report.pdf");
    assertThat(ContentDisposition.fileName("attachment; filename=\"my report.pdf\""))
        .contains("my report.pdf");
    assertThat(ContentDisposition.fileName("ATTACHMENT; FILENAME = \"x.bin\" ; size=3"))
        .contains("x.bin");
  }

  @Test
  void decodesIsoLatinExtendedValues() {
    assertThat(ContentDisposition.fileName("attachment; filename*=iso-8859-1'en'%A3%20rates.txt"))
        .contains("£ rates.txt");
  }

  @Test
  void fallsBackToFilenameWhenTheExtendedValueIsMalformed() {
    assertThat(
            ContentDisposition.fileName("attachment; filename*=UTF-8''bad%zz; filename=\"ok.txt\""))
        .contains("ok.txt");
    assertThat(ContentDisposition.fileName("attachment; filename*=KOI8-R''x; filename=ok.txt"))
        .contains("ok.txt");
  }

  @Test
  void keepsSemicolonsInsideQuotes() {
    assertThat(ContentDisposition.fileName("attachment; filename=\"a;b.txt\"")).contains("a;b.txt");
  }

  @Test
  void repairsRawUtf8SentAsLatin1() {
    String raw =
        new String("résumé.pdf".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    assertThat(ContentDisposition.fileName("attachment; filename=\"" + raw + "\""))
        .contains("résumé.pdf");
  }

  @Test
  void findsNothingWithoutAFilename() {
    assertThat(ContentDisposition.fileName("inline")).isEmpty();
    assertThat(ContentDisposition.fileName("attachment; filename=\"\"")).isEmpty();
  }
}
