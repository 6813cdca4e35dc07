package dev.dlm.testing.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Answers one request of one connection; tells the connection loop whether to keep the socket. */
final class OriginResponder {

  private static final int CHUNK_BYTES = 64 * 1024;

  private final HttpOrigin origin;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final int connectionId;
  private final Consumer<LoggedRequest> log;
  private long bodyBytesSent;

  OriginResponder(
      HttpOrigin origin,
      Socket socket,
      InputStream in,
      OutputStream out,
      int connectionId,
      Consumer<LoggedRequest> log) {
    this.origin = origin;
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.connectionId = connectionId;
    this.log = log;
  }

  /** A single-range request resolved against the file's length. */
  private record Span(long start, long endInclusive) {
    long lengthBytes() {
      return endInclusive - start + 1;
    }
  }

  /** Returns whether the connection may carry another request. */
  boolean respond(OriginRequest request) throws IOException {
    Optional<HttpOrigin.Redirect> redirect = origin.redirectFor(request.path());
    if (redirect.isPresent()) {
      return answerEmpty(
          request, redirect.get().status(), List.of("Location: " + redirect.get().location()));
    }
    OriginFile file = origin.fileAt(request.path());
    if (file == null) {
      return answerEmpty(request, 404, List.of());
    }
    Optional<OriginFile.Scripted> scripted = file.nextScripted();
    if (scripted.isPresent()) {
      return answerEmpty(request, scripted.get().status(), scripted.get().headerLines());
    }
    OriginFile.Snapshot state = file.snapshot();
    if (state.basicAuthorization() != null
        && !request.header("authorization").orElse("").equals(state.basicAuthorization())) {
      return answerEmpty(request, 401, List.of("WWW-Authenticate: Basic realm=\"origin\""));
    }
    if (state.digest() != null
        && !state.digest().accepts(request.header("authorization"), request.method())) {
      return answerEmpty(request, 401, List.of(state.digest().header()));
    }
    if (state.requiredCookie() != null && !cookies(request).contains(state.requiredCookie())) {
      return answerEmpty(request, 403, List.of());
    }
    boolean head = request.method().equals("HEAD");
    if (head && state.headRefused()) {
      return answerEmpty(request, 405, List.of("Allow: GET"));
    }
    if (!head && !request.method().equals("GET")) {
      return answerEmpty(request, 405, List.of("Allow: GET, HEAD"));
    }
    return head ? answerHead(request, state) : answerGet(request, state, file.takeFaults());
  }

  private boolean answerHead(OriginRequest request, OriginFile.Snapshot state) throws IOException {
    List<String> headers = representationHeaders(state);
    if (state.contentLength() && !state.headWithoutLength()) {
      headers.add("Content-Length: " + state.content().length);
    }
    log.accept(logged(request, 200, 0));
    writeHead(200, headers);
    return !request.wantsClose();
  }

  private boolean answerGet(OriginRequest request, OriginFile.Snapshot state, List<Fault> faults)
      throws IOException {
    long total = state.content().length;
    Optional<String> rangeHeader = request.header("range");
    boolean honourRange =
        state.acceptRanges()
            && faults.stream().noneMatch(f -> f instanceof Fault.IgnoreRange)
            && ifRangeMatches(request, state);
    Span span = new Span(0, total - 1);
    int status = 200;
    if (rangeHeader.isPresent() && honourRange) {
      Optional<Span> asked = parseRange(rangeHeader.get(), total);
      if (asked.isPresent()) {
        span = asked.get();
        if (span.start() >= total || span.endInclusive() < span.start()) {
          return answerEmpty(request, 416, List.of("Content-Range: bytes */" + total));
        }
        status = 206;
      }
    }
    long extraBytes =
        faults.stream()
            .filter(f -> f instanceof Fault.OverSend)
            .mapToLong(f -> ((Fault.OverSend) f).extraBytes())
            .sum();
    List<String> headers = representationHeaders(state);
    if (status == 206) {
      long shift = faults.stream().anyMatch(f -> f instanceof Fault.WrongContentRange) ? 1 : 0;
      headers.add(
          "Content-Range: bytes "
              + (span.start() + shift)
              + "-"
              + (span.endInclusive() + shift)
              + "/"
              + total);
    }
    boolean keepAlive = state.contentLength() && !request.wantsClose();
    if (state.contentLength()) {
      headers.add("Content-Length: " + (span.lengthBytes() + extraBytes));
    } else {
      headers.add("Connection: close");
    }
    writeHead(status, headers);
    long bodyBytes = span.lengthBytes() + extraBytes;
    bodyBytesSent = 0;
    Fault stop;
    try {
      stop = sendBody(state.content(), span.start(), bodyBytes, faults);
    } catch (IOException e) {
      log.accept(logged(request, status, bodyBytesSent));
      throw e;
    }
    // logged before the last flush, so a client that has read the whole body finds it logged
    log.accept(logged(request, status, bodyBytesSent));
    out.flush();
    finish(stop);
    return keepAlive && stop == null;
  }

  /**
   * Writes the body up to the first cutting fault, pacing it when throttled, and returns that fault
   * (null when the body is complete). The last bytes may still sit in the buffer.
   */
  private Fault sendBody(byte[] content, long from, long countBytes, List<Fault> faults)
      throws IOException {
    long limit = countBytes;
    Fault stop = null;
    long rate = 0;
    for (Fault fault : faults) {
      long cut =
          switch (fault) {
            case Fault.DropAfter(long n) -> n;
            case Fault.Truncate(long n) -> n;
            case Fault.Stall(long n) -> n;
            default -> Long.MAX_VALUE;
          };
      if (cut < limit) {
        limit = cut;
        stop = fault;
      }
      if (fault instanceof Fault.Throttle(long bytesPerSecond)) {
        rate = bytesPerSecond;
      }
    }
    long startNanos = System.nanoTime();
    int chunk = rate > 0 ? (int) Math.max(1, Math.min(CHUNK_BYTES, rate / 20)) : CHUNK_BYTES;
    byte[] padding = new byte[chunk];
    while (bodyBytesSent < limit) {
      int n = (int) Math.min(chunk, limit - bodyBytesSent);
      long position = from + bodyBytesSent;
      if (position < content.length) {
        n = (int) Math.min(n, content.length - position);
      }
      if (rate > 0) {
        out.flush();
        pace(startNanos, bodyBytesSent + n, rate);
      }
      out.write(
          position < content.length ? content : padding,
          position < content.length ? (int) position : 0,
          n);
      bodyBytesSent += n;
    }
    return stop;
  }

  /** Ends the connection the way the cutting fault says. */
  private void finish(Fault stop) throws IOException {
    switch (stop) {
      case Fault.DropAfter d -> {
        socket.setSoLinger(true, 0);
        socket.close();
      }
      case Fault.Truncate t -> socket.close();
      case Fault.Stall s -> {
        awaitClientGone();
        socket.close();
      }
      case null, default -> {}
    }
  }

  /** Waits until {@code sentBytes} may have left at {@code bytesPerSecond}. */
  private static void pace(long startNanos, long sentBytes, long bytesPerSecond)
      throws IOException {
    long dueNanos = startNanos + sentBytes * 1_000_000_000L / bytesPerSecond;
    long waitNanos = dueNanos - System.nanoTime();
    if (waitNanos > 0) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("origin stopped");
      }
    }
  }

  /** Blocks until the client closes its side (or the origin shuts down). */
  private void awaitClientGone() {
    try {
      while (in.read() != -1) {
        // the client has nothing more to say; wait for its close
      }
    } catch (IOException e) {
      // the socket was closed: that is what we wait for
    }
  }

  private boolean answerEmpty(OriginRequest request, int status, List<String> headerLines)
      throws IOException {
    List<String> headers = new ArrayList<>(headerLines);
    headers.add("Content-Length: 0");
    log.accept(logged(request, status, 0));
    writeHead(status, headers);
    return !request.wantsClose();
  }

  private List<String> representationHeaders(OriginFile.Snapshot state) {
    List<String> headers = new ArrayList<>();
    headers.add("Content-Type: application/octet-stream");
    if (state.acceptRanges()) {
      headers.add("Accept-Ranges: bytes");
    }
    if (state.etag() != null) {
      headers.add("ETag: " + state.etag());
    }
    if (state.lastModified() != null) {
      headers.add("Last-Modified: " + state.lastModified());
    }
    if (state.contentDisposition() != null) {
      headers.add("Content-Disposition: " + state.contentDisposition());
    }
    headers.addAll(state.extraHeaders());
    return headers;
  }

  private void writeHead(int status, List<String> headers) throws IOException {
    StringBuilder head =
        new StringBuilder("HTTP/1.1 ")
            .append(status)
            .append(' ')
            .append(reason(status))
            .append("\r\n");
    for (String header : headers) {
      head.append(header).append("\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static boolean ifRangeMatches(OriginRequest request, OriginFile.Snapshot state) {
    Optional<String> ifRange = request.header("if-range");
    if (ifRange.isEmpty()) {
      return true;
    }
    String value = ifRange.get();
    if (value.startsWith("\"")) {
      return value.equals(state.etag());
    }
    return value.equals(state.lastModified());
  }

  /** Parses a single byte range; empty when the header is not one (multi-range, other units). */
  private static Optional<Span> parseRange(String header, long total) {
    if (!header.startsWith("bytes=") || header.contains(",")) {
      return Optional.empty();
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      if (dash == 0) {
        long suffix = Long.parseLong(spec.substring(1));
        return Optional.of(
            suffix == 0
                ? new Span(total, total - 1)
                : new Span(Math.max(0, total - suffix), total - 1));
      }
      long start = Long.parseLong(spec.substring(0, dash));
      String end = spec.substring(dash + 1);
      long last = end.isEmpty() ? total - 1 : Math.min(Long.parseLong(end), total - 1);
      return Optional.of(new Span(start, start >= total ? start : last));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static List<String> cookies(OriginRequest request) {
    List<String> cookies = new ArrayList<>();
    for (String pair : request.header("cookie").orElse("").split(";")) {
      cookies.add(pair.trim());
    }
    return cookies;
  }

  private LoggedRequest logged(OriginRequest request, int status, long bodyBytes) {
    return new LoggedRequest(
        connectionId,
        request.method(),
        request.target(),
        request.header("range"),
        status,
        bodyBytes,
        request.headers());
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 206 -> "Partial Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 410 -> "Gone";
      case 416 -> "Range Not Satisfiable";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status " + status;
    };
  }
}
