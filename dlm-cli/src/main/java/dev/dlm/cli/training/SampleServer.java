package dev.dlm.cli.training;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP server on 127.0.0.1 serving files of pseudo-random bytes from memory, with HEAD and single
 * byte ranges: enough for the engine to probe, split a file into parts and resume. The JDK's own
 * server keeps the training run free of test-only dependencies.
 */
final class SampleServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private SampleServer(HttpServer server) {
    this.server = server;
  }

  static SampleServer start() throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    SampleServer sample = new SampleServer(http);
    http.createContext("/", sample::serve);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.start();
    return sample;
  }

  /** Adds a file of {@code sizeBytes} bytes at {@code /name} and returns its URL. */
  URI add(String name, int sizeBytes) {
    byte[] content = new byte[sizeBytes];
    new SplittableRandom(name.hashCode()).nextBytes(content);
    files.put("/" + name, content);
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
  }

  private void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] content = files.get(exchange.getRequestURI().getPath());
      if (content == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
      exchange.getResponseHeaders().set("ETag", "\"" + content.length + "\"");
      int first = 0;
      int last = content.length - 1;
      int status = 200;
      String range = exchange.getRequestHeaders().getFirst("Range");
      Matcher matcher = range == null ? null : RANGE.matcher(range);
      if (matcher != null && matcher.matches()) {
        first = Integer.parseInt(matcher.group(1));
        if (!matcher.group(2).isEmpty()) {
          last = Math.min(last, Integer.parseInt(matcher.group(2)));
        }
        if (first > last) {
          exchange.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
          exchange.sendResponseHeaders(416, -1);
          return;
        }
        status = 206;
        exchange
            .getResponseHeaders()
            .set("Content-Range", "bytes " + first + "-" + last + "/" + content.length);
      }
      int lengthBytes = last - first + 1;
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Content-Length", Integer.toString(lengthBytes));
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, lengthBytes);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(content, first, lengthBytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
