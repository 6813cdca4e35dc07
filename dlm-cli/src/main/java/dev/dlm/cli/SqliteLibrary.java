package dev.dlm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * Points sqlite-jdbc at a copy of its native library extracted once, beside dlm's jar.
 *
 * <p>Left alone, sqlite-jdbc extracts its 1 MB library from the jar into the temporary directory on
 * every start, compares it byte for byte with the jar's copy and loads it from there: tens of
 * milliseconds and a burst of JIT work (the comparison loop) paid by every {@code dlm} command.
 * Here the first command after a build writes {@code native/sqlite-VERSION-OS-ARCH/} next to the
 * jar (to a temporary name, then renamed, so a concurrent command never loads half a file) and every
 * later one only checks that it exists. When dlm does not run from a jar (tests, an IDE) or the
 * jar's directory is read-only, sqlite-jdbc keeps its own behaviour.
 *
 * <p>sqlite-jdbc also sweeps a directory on every start for libraries that crashed JVMs left
 * behind: {@code org.sqlite.tmpdir}, else the temporary directory, listed in full (30-70 ms on a
 * {@code /tmp} of 1,200 entries). With the library beside the jar nothing is ever left there, so
 * the sweep is pointed at the library's own directory, which holds one file.
 */
public final class SqliteLibrary {

  private static final String PATH_PROPERTY = "org.sqlite.lib.path";
  private static final String NAME_PROPERTY = "org.sqlite.lib.name";
  private static final String SWEPT_DIRECTORY_PROPERTY = "org.sqlite.tmpdir";

  private SqliteLibrary() {}

  /** Sets sqlite-jdbc's library path and name, if they are not set and a copy can be had. */
  public static void useCopyBesideJar() {
    if (System.getProperty(PATH_PROPERTY) != null) {
      return;
    }
    try {
      Optional<Path> jar = jar();
      if (jar.isEmpty()) {
        return;
      }
      Path dir = jar.get().resolveSibling("native").resolve(directoryName());
      String name = LibraryLoaderUtil.getNativeLibName();
      Path library = dir.resolve(name);
      if (!Files.isRegularFile(library) && !extract(dir, library)) {
        return;
      }
      System.setProperty(PATH_PROPERTY, dir.toString());
      System.setProperty(NAME_PROPERTY, name);
      if (System.getProperty(SWEPT_DIRECTORY_PROPERTY) == null) {
        System.setProperty(SWEPT_DIRECTORY_PROPERTY, dir.toString());
      }
    } catch (IOException | UncheckedIOException | SecurityException | URISyntaxException e) {
      // sqlite-jdbc extracts its library to the temporary directory, as it does by default.
    }
  }

  private static Optional<Path> jar() throws URISyntaxException {
    CodeSource source = SqliteLibrary.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    Path location = Path.of(source.getLocation().toURI());
    return location.getFileName() != null && location.getFileName().toString().endsWith(".jar")
        ? Optional.of(location)
        : Optional.empty();
  }

  /** {@code sqlite-3.54.1.0-linux-amd64}: a new sqlite-jdbc or another machine gets its own copy. */
  private static String directoryName() throws IOException {
    Properties properties = new Properties();
    try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream("/sqlite-jdbc.properties")) {
      if (in != null) {
        properties.load(in);
      }
    }
    String version = properties.getProperty("version", "unknown");
    return ("sqlite-" + version + "-" + System.getProperty("os.name") + "-"
            + System.getProperty("os.arch"))
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9._-]", "_");
  }

  private static boolean extract(Path dir, Path library) throws IOException {
    String resource = LibraryLoaderUtil.getNativeLibResourcePath() + "/" + library.getFileName();
    try (InputStream in = LibraryLoaderUtil.class.getResourceAsStream(resource)) {
      if (in == null) {
        return false;
      }
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, library.getFileName().toString(), ".tmp");
      try {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
    return true;
  }
}
