package dev.dlm.testing.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed request head; requests to the origin carry no body. Public so that a test's own
 * raw-socket server reads requests the way {@link HttpOrigin} does instead of parsing them again.
 */
public record OriginRequest(String method, String target, Map<String, String> headers) {

  private static final int MAX_LINE_BYTES = 16 * 1024;

  /** Reads one request head, or returns null when the client closed the connection first. */
  public static OriginRequest read(InputStream in) throws IOException {
    String requestLine = readLine(in);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in);
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3) {
      throw new IOException("bad request line: " + requestLine);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.merge(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim(),
            (a, b) -> a + ", " + b);
      }
    }
    return new OriginRequest(parts[0], parts[1], headers);
  }

  public Optional<String> header(String lowerCaseName) {
    return Optional.ofNullable(headers.get(lowerCaseName));
  }

  /** The path without the query. */
  String path() {
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }

  boolean wantsClose() {
    return header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
  }

  private static String readLine(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    int length = 0;
    int b;
    while ((b = in.read()) != -1) {
      if (b == '\n') {
        if (length > 0 && buffer[length - 1] == '\r') {
          length--;
        }
        return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
      }
      if (length == buffer.length) {
        if (length >= MAX_LINE_BYTES) {
          throw new IOException("request line too long");
        }
        buffer = java.util.Arrays.copyOf(buffer, length * 2);
      }
      buffer[length++] = (byte) b;
    }
    return length == 0 ? null : new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
  }
}
