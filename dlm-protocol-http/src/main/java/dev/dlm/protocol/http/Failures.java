package dev.dlm.protocol.http;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpStreamResetException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.MalformedChunkCodingException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.impl.EnglishReasonPhraseCatalog;

/**
 * Turns HTTP statuses and I/O exceptions into {@link TransferException}s: the {@link ErrorKind}
 * that drives the engine's retry decision, the server's Retry-After, and one line a user can act
 * on. No message ever carries credentials or the query string.
 */
final class Failures {

  private Failures() {}

  static TransferException forStatus(HttpResponse response, URI uri, Clock clock) {
    int status = response.getCode();
    Optional<Duration> retryAfter =
        Optional.ofNullable(response.getFirstHeader("Retry-After"))
            .flatMap(h -> retryAfter(h.getValue(), clock));
    ErrorKind kind =
        switch (status) {
          case 401, 407 -> ErrorKind.AUTH_FAILED;
          case 403 -> ErrorKind.FORBIDDEN;
          case 404 -> ErrorKind.NOT_FOUND;
          case 410 -> ErrorKind.GONE;
          case 416 -> ErrorKind.RANGE_NOT_SATISFIABLE;
          case 408 -> ErrorKind.TIMEOUT;
          case 429 -> ErrorKind.THROTTLED;
          case 503 -> retryAfter.isPresent() ? ErrorKind.THROTTLED : ErrorKind.SERVER_ERROR;
          default -> status >= 500 ? ErrorKind.SERVER_ERROR : ErrorKind.CLIENT_ERROR;
        };
    String message =
        "HTTP "
            + status
            + " "
            + reason(response)
            + " for "
            + SafeUri.display(uri)
            + ": "
            + advice(status, kind, retryAfter);
    return new TransferException(kind, message, retryAfter.orElse(null), null);
  }

  static TransferException forException(IOException e, URI uri) {
    if (e instanceof TransferException transfer) {
      return transfer;
    }
    IOException cause = unwrap(e);
    String where = SafeUri.display(uri);
    String host = uri.getHost();
    return switch (cause) {
      case UnknownHostException u ->
          new TransferException(
              ErrorKind.HOST_NOT_FOUND,
              "cannot resolve host " + host + ": check the host name and your network",
              e);
      case ConnectException c ->
          new TransferException(
              ErrorKind.CONNECTION_REFUSED,
              "cannot connect to " + authority(uri) + " (connection refused): is the server up?",
              e);
      case NoRouteToHostException n ->
          new TransferException(ErrorKind.NETWORK, "no route to " + authority(uri), e);
      case SSLException s ->
          new TransferException(
              ErrorKind.TLS,
              "TLS failed with "
                  + authority(uri)
                  + " ("
                  + oneLine(s.getMessage())
                  + "): use --insecure only if you trust this server",
              e);
      case ConnectionClosedException c ->
          new TransferException(
              ErrorKind.TRUNCATED, "the server closed the connection early for " + where, e);
      case HttpStreamResetException r ->
          new TransferException(
              ErrorKind.TRUNCATED,
              "the server reset the HTTP/2 stream for "
                  + where
                  + " ("
                  + oneLine(r.getMessage())
                  + ")",
              e);
      case MalformedChunkCodingException m ->
          new TransferException(
              ErrorKind.TRUNCATED, "a broken or cut chunked body from " + where, e);
      case NoHttpResponseException n ->
          new TransferException(
              ErrorKind.NETWORK, authority(uri) + " closed the connection without answering", e);
      case RequestFailedException r ->
          new TransferException(ErrorKind.CANCELLED, "the request to " + where + " was aborted", e);
      case InterruptedIOException t ->
          new TransferException(
              ErrorKind.TIMEOUT, "timed out waiting for " + authority(uri) + " (" + where + ")", e);
      case ClientProtocolException p -> protocolError(p, where);
      default ->
          cause.getCause() instanceof ProtocolException
              ? protocolError(cause, where)
              : new TransferException(
                  ErrorKind.NETWORK,
                  "network error with " + authority(uri) + ": " + oneLine(cause.getMessage()),
                  e);
    };
  }

  private static TransferException protocolError(IOException e, String where) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new TransferException(
        ErrorKind.PROTOCOL_ERROR,
        "the server at " + where + " broke the HTTP protocol: " + oneLine(cause.getMessage()),
        e);
  }

  /** Retry-After as delta-seconds or an HTTP-date; empty when unparseable. */
  static Optional<Duration> retryAfter(String value, Clock clock) {
    String text = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }

  private static String advice(int status, ErrorKind kind, Optional<Duration> retryAfter) {
    return switch (kind) {
      case AUTH_FAILED ->
          status == 407
              ? "check the proxy user name and password"
              : "check the user name and password (in the URL or ~/.netrc)";
      case FORBIDDEN -> "the server refuses access to this file";
      case NOT_FOUND -> "check the URL";
      case GONE -> "the file was removed from the server";
      case RANGE_NOT_SATISFIABLE -> "the requested range lies beyond the end of the file";
      case TIMEOUT -> "the server gave up waiting; trying again may help";
      case THROTTLED ->
          retryAfter
              .map(d -> "the server asks to wait " + d.toSeconds() + " s before trying again")
              .orElse("the server asks to slow down");
      case SERVER_ERROR -> "the server failed; trying again may help";
      default -> "the server rejected the request";
    };
  }

  private static IOException unwrap(IOException e) {
    IOException current = e;
    while (current instanceof ClientProtocolException
        && current.getCause() instanceof IOException io) {
      current = io;
    }
    return current;
  }

  private static String reason(HttpResponse response) {
    String phrase = response.getReasonPhrase();
    if (phrase == null || phrase.isBlank()) {
      phrase = EnglishReasonPhraseCatalog.INSTANCE.getReason(response.getCode(), Locale.ENGLISH);
    }
    return phrase == null ? "" : oneLine(phrase);
  }

  private static String authority(URI uri) {
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  static String oneLine(String text) {
    return text == null ? "no detail" : text.replaceAll("\\s+", " ").strip();
  }
}
