package dev.dlm.testing.http2;

import java.util.Map;
import java.util.Optional;

/**
 * One request as the origin saw it.
 *
 * @param protocol {@code HTTP/2.0} or {@code HTTP/1.1}
 * @param range the Range header, if sent
 * @param headers the first value of each header, by lower-case name
 */
public record H2Request(
    String method,
    String path,
    String protocol,
    Optional<String> range,
    Map<String, String> headers) {}
