package dev.dlm.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * picocli ships compiled for Java 5, which the JDK's AOT cache cannot hold, so the build rewrites
 * its class files (dlm-cli/src/build/java/ModernClassFiles.java). The jar must carry only the
 * rewritten ones, and they must still parse a command line and print help.
 */
class ShadedJarIT {

  private static final int JAVA_6_MAJOR = 50;

  @TempDir Path work;

  @Test
  void picocliIsShippedAsClassFilesTheStartUpCacheCanHold() throws IOException {
    Path jar = Dlm.withHome(work).jar();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      List<? extends ZipEntry> picocli =
          zip.stream().filter(e -> e.getName().startsWith("picocli/") && e.getName().endsWith(".class")).toList();

      assertThat(picocli).hasSizeGreaterThan(100);
      assertThat(picocli)
          .filteredOn(entry -> major(zip, entry) < JAVA_6_MAJOR)
          .extracting(ZipEntry::getName)
          .as("class files older than Java 6")
          .isEmpty();
    }
  }

  @Test
  void theRewrittenParserStillParsesAndPrintsHelp() {
    Dlm dlm = Dlm.withHome(work);

    Dlm.Result help = dlm.run(work, "get", "--help");
    Dlm.Result wrong = dlm.run(work, "get", "--connections", "zero", "http://127.0.0.1:9/x");

    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("--connections=N", "--limit-rate=RATE");
    assertThat(wrong.exitCode()).isEqualTo(2);
  }

  private static int major(ZipFile zip, ZipEntry entry) {
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] header = in.readNBytes(8);
      return ((header[6] & 0xff) << 8) | (header[7] & 0xff);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
