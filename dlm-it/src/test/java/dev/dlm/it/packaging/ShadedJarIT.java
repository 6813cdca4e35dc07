package dev.dlm.it.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dlm.it.harness.Dlm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shipped jar does for start-up. picocli ships compiled for Java 5, which the JDK's AOT
 * cache cannot hold, so the build rewrites its class files (dlm-cli/src/build/java/
 * ModernClassFiles.java): the jar must carry only the rewritten ones, and they must still parse a
 * command line and print help. sqlite-jdbc must not sweep the temporary directory.
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

  /**
   * sqlite-jdbc sweeps a directory for libraries crashed JVMs left behind, on every start; dlm loads
   * its library from beside the jar, so the temporary directory (often thousands of entries) is not
   * listed, and nothing in it is touched.
   */
  @Test
  void sqliteNoLongerSweepsTheTemporaryDirectory() throws IOException {
    Dlm dlm = Dlm.withHome(work);
    Path tmp = Files.createDirectories(work.resolve("tmp"));
    Path orphan = Files.writeString(tmp.resolve("sqlite-" + sqliteVersion(dlm.jar()) + "-orphan.so"), "x");

    // An unsupported scheme fails once the store is open and sqlite-jdbc loaded, at once.
    Dlm.Result get = dlm.runWith(List.of("-Djava.io.tmpdir=" + tmp), work, "get", "-q", "gopher://host/file");

    assertThat(get.singleErrorLine()).contains("unsupported protocol 'gopher'");
    assertThat(dlm.home().resolve("dlm.db")).exists();
    assertThat(orphan).exists();
  }

  private static String sqliteVersion(Path jar) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("sqlite-jdbc.properties"))) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    }
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
