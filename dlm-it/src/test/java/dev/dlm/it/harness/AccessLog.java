package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx's access log read back as the server's own record of what it served: the only honest way
 * to count the bytes a client fetched again after a crash.
 *
 * <p>The log format written by {@link Nginx} is {@code $connection $server_protocol "$request" $status
 * $body_bytes_sent "$http_range"}; nginx appends a line when a request ends, including one cut short
 * by a killed client, with the bytes actually sent.
 */
public final class AccessLog {

  /** The format name and definition {@link Nginx} configures. */
  static final String FORMAT =
      "log_format served '$connection $server_protocol \"$request\" $status $body_bytes_sent \"$http_range\"';";

  private static final Pattern LINE =
      Pattern.compile("^(\\d+) (\\S+) \"(\\S+) (\\S+)[^\"]*\" (\\d{3}) (\\d+) \"([^\"]*)\"$");

  private final Path file;

  AccessLog(Path file) {
    this.file = file;
  }

  /**
   * One request as nginx logged it.
   *
   * @param connection nginx's serial number of the connection it came on
   * @param protocol {@code HTTP/1.1}, {@code HTTP/2.0}...
   * @param method the HTTP method
   * @param path the request target
   * @param status the response status
   * @param bodyBytes body bytes nginx sent (fewer than asked when the client went away)
   * @param range the Range header, empty when absent
   */
  public record ServedRequest(
      long connection, String protocol, String method, String path, int status, long bodyBytes, Optional<String> range) {}

  /** Every request logged so far. */
  public List<ServedRequest> requests() {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file).stream().map(AccessLog::parse).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets the requests logged so far (nginx appends to the file, so emptying it is safe). */
  public void clear() {
    try {
      Files.writeString(file, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The requests for one path. */
  public List<ServedRequest> requestsFor(String path) {
    return requests().stream().filter(request -> request.path().equals(path)).toList();
  }

  /** The body bytes served for one path over all its requests. */
  public long bodyBytesServed(String path) {
    return requestsFor(path).stream().mapToLong(ServedRequest::bodyBytes).sum();
  }

  private static ServedRequest parse(String line) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalStateException("unexpected access log line: " + line);
    }
    String range = m.group(7);
    return new ServedRequest(
        Long.parseLong(m.group(1)),
        m.group(2),
        m.group(3),
        m.group(4),
        Integer.parseInt(m.group(5)),
        Long.parseLong(m.group(6)),
        range.equals("-") || range.isEmpty() ? Optional.empty() : Optional.of(range));
  }
}
