package dev.dlm.testing.http;

import java.util.Map;
import java.util.Optional;

/**
 * One request as the origin saw and answered it.
 *
 * @param connectionId which accepted connection carried it (equal ids mean a reused connection)
 * @param method the request method
 * @param path the request target as sent
 * @param range the Range header, if any
 * @param status the status the origin answered
 * @param bodyBytesSent body bytes handed to the socket (what a resume fetched again)
 * @param headers the request headers, names in lower case
 */
public record LoggedRequest(
    int connectionId,
    String method,
    String path,
    Optional<String> range,
    int status,
    long bodyBytesSent,
    Map<String, String> headers) {

  public LoggedRequest {
    headers = Map.copyOf(headers);
  }

  /** The request header {@code name} (any case), if sent. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  @Override
  public String toString() {
    return connectionId
        + " "
        + method
        + " "
        + path
        + " range="
        + range.orElse("-")
        + " -> "
        + status
        + " "
        + bodyBytesSent
        + " bytes";
  }
}
