package dev.dlm.cli.get;

import dev.dlm.cli.UsageError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The URLs of a command line and of an input file ({@code -i}), checked before anything starts. */
final class Urls {

  /** Schemes whose URLs name a host; without one the URL cannot work. */
  private static final Set<String> NEED_HOST =
      Set.of("http", "https", "ftp", "ftps", "sftp", "webdav", "webdavs", "dav", "davs");

  private Urls() {}

  /**
   * Parses one URL as the user typed it.
   *
   * @throws UsageError when it is not a URL dlm could ever fetch
   */
  static URI parse(String text) {
    String trimmed = text.strip();
    URI uri;
    try {
      uri = new URI(trimmed);
    } catch (URISyntaxException e) {
      throw new UsageError(
          "invalid URL '"
              + hideUserInfo(trimmed)
              + "': "
              + e.getReason().toLowerCase(Locale.ROOT)
              + (e.getIndex() >= 0 ? " at character " + (e.getIndex() + 1) : "")
              + "; check the URL, quote it in the shell, and write spaces as %20");
    }
    if (uri.getScheme() == null) {
      throw new UsageError(
          "invalid URL '"
              + hideUserInfo(trimmed)
              + "': it has no scheme; write it in full, such as https://"
              + hideUserInfo(trimmed));
    }
    if (NEED_HOST.contains(uri.getScheme().toLowerCase(Locale.ROOT)) && uri.getHost() == null) {
      throw new UsageError(
          "invalid URL '" + hideUserInfo(trimmed) + "': it has no host name; check the URL");
    }
    return uri;
  }

  /**
   * The URLs of an input file: one a line, blank lines and lines starting with {@code #} skipped;
   * {@code -} reads standard input.
   */
  static List<String> readInputFile(String name, Path workingDirectory, InputStream stdin) {
    try {
      if (name.equals("-")) {
        return lines(new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)));
      }
      try (BufferedReader reader =
          Files.newBufferedReader(workingDirectory.resolve(name), StandardCharsets.UTF_8)) {
        return lines(reader);
      }
    } catch (NoSuchFileException e) {
      throw new UsageError("the input file '" + name + "' does not exist; check the path given to -i");
    } catch (IOException | UncheckedIOException e) {
      throw new UsageError(
          "cannot read the input file '" + name + "' (" + e.getMessage() + "); check the path given to -i");
    }
  }

  private static List<String> lines(BufferedReader reader) throws IOException {
    List<String> urls = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        urls.add(trimmed);
      }
    }
    return urls;
  }

  /** {@code https://user:pw@host/} as {@code https://host/}, for text that is not a valid URI. */
  static String hideUserInfo(String text) {
    return text.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", "$1");
  }
}
