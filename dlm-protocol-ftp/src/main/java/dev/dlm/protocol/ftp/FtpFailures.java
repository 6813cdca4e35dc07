package dev.dlm.protocol.ftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.apache.commons.net.ftp.FTPConnectionClosedException;

/**
 * Turns FTP replies and socket failures into {@link TransferException}s whose {@link ErrorKind}
 * carries the retry advice, with one-line messages that name the server but never a password.
 */
final class FtpFailures {

  private static final Pattern PERMISSION =
      Pattern.compile("(?i)permission|denied|access|not allowed|forbidden");
  private static final Pattern TLS_DEMANDED =
      Pattern.compile("(?i)\\b(tls|ssl|encrypt\\w*|secure|auth\\s+tls)\\b");

  private FtpFailures() {}

  /** A negative reply to {@code command} on {@code path}. */
  static TransferException reply(int code, String replyText, String command, String where) {
    String said = oneLine(replyText);
    return switch (code) {
      case 421 ->
          new TransferException(
              ErrorKind.TOO_MANY_CONNECTIONS,
              where + ": the FTP server refused another connection (" + said + ")");
      case 530, 532 ->
          new TransferException(
              ErrorKind.AUTH_FAILED,
              where + ": login refused (" + said + "); check the user name and password");
      case 550, 553, 450 ->
          PERMISSION.matcher(said).find()
              ? new TransferException(
                  ErrorKind.FORBIDDEN, where + ": access denied by the server (" + said + ")")
              : code == 450
                  ? new TransferException(
                      ErrorKind.SERVER_ERROR, where + ": file busy on the server (" + said + ")")
                  : new TransferException(
                      ErrorKind.NOT_FOUND, where + ": no such file on the server (" + said + ")");
      case 425, 426 ->
          new TransferException(
              ErrorKind.NETWORK, where + ": the data connection failed (" + said + ")");
      default ->
          code >= 400 && code < 500
              ? new TransferException(
                  ErrorKind.SERVER_ERROR, where + ": " + command + " failed (" + said + ")")
              : new TransferException(
                  ErrorKind.PROTOCOL_ERROR, where + ": " + command + " failed (" + said + ")");
    };
  }

  /** Whether a refused login is the server asking for TLS first (vsftpd: 530, RFC 4217: 534). */
  static boolean demandsTls(int code, String replyText) {
    return code == 534 || ((code == 530 || code == 550) && TLS_DEMANDED.matcher(replyText).find());
  }

  /** A failure while talking to {@code where}; {@code connecting} tells a 421 at login apart. */
  static TransferException io(IOException e, String where, boolean connecting) {
    if (e instanceof TransferException t) {
      return t;
    }
    if (e instanceof FTPConnectionClosedException) {
      return connecting
          ? new TransferException(
              ErrorKind.TOO_MANY_CONNECTIONS,
              where
                  + ": the FTP server closed the connection at login (421); using fewer"
                  + " connections",
              e)
          : new TransferException(
              ErrorKind.NETWORK, where + ": the FTP server closed the control connection", e);
    }
    if (e instanceof SocketTimeoutException) {
      return new TransferException(ErrorKind.TIMEOUT, where + ": no answer in time", e);
    }
    if (e instanceof SSLException) {
      return new TransferException(
          ErrorKind.TLS,
          where
              + ": TLS failed ("
              + oneLine(String.valueOf(e.getMessage()))
              + "); pass --insecure only if you trust this server",
          e);
    }
    if (e instanceof UnknownHostException) {
      return new TransferException(ErrorKind.HOST_NOT_FOUND, where + ": unknown host", e);
    }
    if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
      return new TransferException(ErrorKind.CONNECTION_REFUSED, where + ": connection refused", e);
    }
    return new TransferException(
        ErrorKind.NETWORK, where + ": " + oneLine(String.valueOf(e.getMessage())), e);
  }

  private static String oneLine(String text) {
    String flat = text.strip().replaceAll("[\\r\\n]+", " ");
    if (flat.isEmpty()) {
      return "no reply";
    }
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
