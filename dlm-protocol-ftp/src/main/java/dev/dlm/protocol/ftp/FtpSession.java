package dev.dlm.protocol.ftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * One logged-in control connection, used by one thread at a time (the pool hands it out
 * exclusively). Every path it is given is absolute, so the working directory a listing left behind
 * never changes what a later command means.
 */
final class FtpSession {

  private final FTPClient client;
  private final FtpEndpoint endpoint;
  private final String loginDirectory;
  private final boolean mlsd;
  private Instant lastUsed;

  FtpSession(
      FTPClient client, FtpEndpoint endpoint, String loginDirectory, boolean mlsd, Instant now) {
    this.client = client;
    this.endpoint = endpoint;
    this.loginDirectory = loginDirectory;
    this.mlsd = mlsd;
    this.lastUsed = now;
  }

  FtpEndpoint endpoint() {
    return endpoint;
  }

  Instant lastUsed() {
    return lastUsed;
  }

  void touch(Instant now) {
    lastUsed = now;
  }

  /**
   * The absolute server path of a URL path: URL paths are relative to the login directory (RFC
   * 1738), unless they start with {@code /} (written {@code %2F} in the URL).
   */
  String resolve(String urlPath) {
    if (urlPath.startsWith("/")) {
      return urlPath;
    }
    String base = loginDirectory.endsWith("/") ? loginDirectory : loginDirectory + "/";
    return urlPath.isEmpty() ? loginDirectory : base + urlPath;
  }

  /** SIZE: the length, or {@code -1} with {@link #lastReply()} telling why not. */
  long size(String path) throws IOException {
    int code = client.sendCommand(FTPCmd.SIZE, path);
    if (code != FTPReply.FILE_STATUS) {
      return -1;
    }
    try {
      return Long.parseLong(client.getReplyString().substring(3).strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** MDTM: the modification time exactly as the server wrote it ({@code YYYYMMDDhhmmss}). */
  Optional<String> modificationTime(String path) throws IOException {
    int code = client.sendCommand(FTPCmd.MDTM, path);
    if (code != FTPReply.FILE_STATUS) {
      return Optional.empty();
    }
    return Optional.of(client.getReplyString().substring(3).strip());
  }

  /** The canonical path of a directory (CWD, then PWD), or empty when it is not one. */
  Optional<String> canonicalDirectory(String path) throws IOException {
    if (!client.changeWorkingDirectory(path)) {
      return Optional.empty();
    }
    return Optional.ofNullable(client.printWorkingDirectory()).or(() -> Optional.of(path));
  }

  /**
   * The entries of a directory: MLSD where the server offers it, LIST parsing otherwise. The
   * directory is entered first and listed without an argument, because some servers answer {@code
   * LIST path} with names prefixed by the path, which would then look like names with slashes.
   */
  FTPFile[] list(String directory) throws IOException {
    if (!client.changeWorkingDirectory(directory)) {
      throw FtpFailures.reply(
          client.getReplyCode(), client.getReplyString(), "CWD", where(directory));
    }
    FTPFile[] files = mlsd ? client.mlistDir() : client.listFiles();
    if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
      throw FtpFailures.reply(
          client.getReplyCode(), client.getReplyString(), mlsd ? "MLSD" : "LIST", where(directory));
    }
    return files;
  }

  /**
   * REST (when {@code offsetBytes > 0}) then RETR; the caller must finish with {@link
   * #endTransfer}. A syntax-error reply (500-504) can only be the server refusing REST, since every
   * server knows RETR: that is {@link ErrorKind#RANGE_IGNORED}, so the engine falls back to one
   * stream.
   */
  InputStream retrieve(String path, long offsetBytes) throws IOException {
    client.setRestartOffset(offsetBytes);
    InputStream data = client.retrieveFileStream(path);
    if (data == null) {
      int code = client.getReplyCode();
      if (offsetBytes > 0 && code >= 500 && code <= 504) {
        throw new TransferException(
            ErrorKind.RANGE_IGNORED, where(path) + ": the server does not support REST (resume)");
      }
      throw FtpFailures.reply(
          code, client.getReplyString(), offsetBytes > 0 ? "REST+RETR" : "RETR", where(path));
    }
    return data;
  }

  /**
   * Reads the reply that ends a transfer whose data connection has been closed. Whether the server
   * finished (226) or noticed the early close (426, 450, 451), one reply keeps the control
   * connection in step, so it may be reused.
   */
  boolean endTransfer() {
    try {
      client.completePendingCommand();
      int code = client.getReplyCode();
      return FTPReply.isPositiveCompletion(code) || code == 426 || code == 450 || code == 451;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the connection still answers (NOOP), for connections that sat idle in the pool. */
  boolean alive() {
    try {
      return client.sendNoOp();
    } catch (IOException e) {
      return false;
    }
  }

  String where(String path) {
    return endpoint.display() + path;
  }

  int lastReplyCode() {
    return client.getReplyCode();
  }

  String lastReply() {
    return client.getReplyString();
  }

  TransferException failure(String command, String path) {
    return FtpFailures.reply(client.getReplyCode(), client.getReplyString(), command, where(path));
  }

  void close() {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } catch (IOException ignored) {
      // the connection is being dropped anyway
    }
  }
}
