package dev.dlm.spi;

/**
 * Why a transfer failed, and whether trying again may help. The engine's retry policy reads only
 * {@link #retryable()}; the kind's name is the stable {@code error.code} of the REST API (lower case).
 */
public enum ErrorKind {
  /** The URL cannot be parsed or lacks a host or path. */
  INVALID_URL(false),
  /** No protocol module handles the URL's scheme. */
  UNSUPPORTED_PROTOCOL(false),
  /** The host name does not resolve. */
  HOST_NOT_FOUND(false),
  /** Nothing listens at the address (it may be restarting). */
  CONNECTION_REFUSED(true),
  /** The connection broke: reset, closed early, network unreachable. */
  NETWORK(true),
  /** No data within the read or connect timeout, or slower than the low-speed limit. */
  TIMEOUT(true),
  /** The body ended before the expected length. */
  TRUNCATED(true),
  /** The server failed (HTTP 5xx, FTP 4xx replies). */
  SERVER_ERROR(true),
  /** The server asks to slow down (HTTP 429, 503 with Retry-After); honour the delay. */
  THROTTLED(true),
  /** The server has too many connections from us (FTP 421); use fewer. */
  TOO_MANY_CONNECTIONS(true),
  /** Credentials are missing or wrong (HTTP 401, FTP 530, SSH auth failure). */
  AUTH_FAILED(false),
  /** Access is refused (HTTP 403, permission denied). */
  FORBIDDEN(false),
  /** The file does not exist (HTTP 404, FTP 550). */
  NOT_FOUND(false),
  /** The file is gone for good (HTTP 410). */
  GONE(false),
  /** Any other client error the server reported (other HTTP 4xx). */
  CLIENT_ERROR(false),
  /** The server rejected the requested range (HTTP 416). */
  RANGE_NOT_SATISFIABLE(false),
  /** The server ignored or mangled a range request; the engine falls back to one stream. */
  RANGE_IGNORED(false),
  /** The remote file changed since the download started; the engine restarts it. */
  REMOTE_CHANGED(false),
  /** Certificate or handshake failure. */
  TLS(false),
  /** The server's host key is unknown or changed (SSH). */
  HOST_KEY_REJECTED(false),
  /** The server broke the protocol in a way retrying will not fix. */
  PROTOCOL_ERROR(false),
  /** The URL names a directory and recursion was not asked for. */
  IS_DIRECTORY(false),
  /** The local disk is full; the checkpoint is kept so the download resumes after space is freed. */
  DISK_FULL(false),
  /** The target directory or file cannot be written. */
  NOT_WRITABLE(false),
  /** Another local I/O failure. */
  LOCAL_IO(false),
  /** The finished file does not match the expected checksum. */
  CHECKSUM_MISMATCH(false),
  /** The user stopped the download. */
  CANCELLED(false);

  private final boolean retryable;

  ErrorKind(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether the same request may succeed later. */
  public boolean retryable() {
    return retryable;
  }

  /** The stable code used in JSON ({@code "not_found"}). */
  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
