package dev.dlm.protocol.sftp;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.apache.sshd.common.SshException;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * Turns SFTP status codes and SSH failures into {@link TransferException}s with retry advice and a
 * one-line message that names the server but never a password.
 */
final class SftpFailures {

  private SftpFailures() {}

  static TransferException of(Throwable e, String where) {
    if (e instanceof TransferException t) {
      return t;
    }
    Throwable cause = e;
    for (int depth = 0; cause != null && depth < 8; depth++, cause = cause.getCause()) {
      switch (cause) {
        case SftpException sftp -> {
          return status(sftp, where);
        }
        case SocketTimeoutException timeout -> {
          return new TransferException(ErrorKind.TIMEOUT, where + ": no answer in time", e);
        }
        case TimeoutException timeout -> {
          return new TransferException(ErrorKind.TIMEOUT, where + ": no answer in time", e);
        }
        case UnknownHostException unknown -> {
          return new TransferException(ErrorKind.HOST_NOT_FOUND, where + ": unknown host", e);
        }
        case ConnectException refused -> {
          return new TransferException(
              ErrorKind.CONNECTION_REFUSED, where + ": connection refused", e);
        }
        case NoRouteToHostException unreachable -> {
          return new TransferException(
              ErrorKind.CONNECTION_REFUSED, where + ": host unreachable", e);
        }
        default -> {}
      }
    }
    if (e instanceof SshException ssh
        && String.valueOf(ssh.getMessage()).toLowerCase(Locale.ROOT).contains("timeout")) {
      return new TransferException(ErrorKind.TIMEOUT, where + ": no answer in time", e);
    }
    return new TransferException(ErrorKind.NETWORK, where + ": " + oneLine(e.getMessage()), e);
  }

  private static TransferException status(SftpException e, String where) {
    String said = oneLine(e.getMessage());
    return switch (e.getStatus()) {
      case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
          new TransferException(ErrorKind.NOT_FOUND, where + ": no such file on the server", e);
      case SftpConstants.SSH_FX_PERMISSION_DENIED ->
          new TransferException(
              ErrorKind.FORBIDDEN, where + ": permission denied by the server", e);
      case SftpConstants.SSH_FX_CONNECTION_LOST, SftpConstants.SSH_FX_NO_CONNECTION ->
          new TransferException(ErrorKind.NETWORK, where + ": connection lost (" + said + ")", e);
      case SftpConstants.SSH_FX_FAILURE ->
          new TransferException(
              ErrorKind.SERVER_ERROR, where + ": the server failed (" + said + ")", e);
      default -> new TransferException(ErrorKind.PROTOCOL_ERROR, where + ": " + said, e);
    };
  }

  static TransferException authFailed(String where) {
    return new TransferException(
        ErrorKind.AUTH_FAILED,
        where + ": authentication failed; check the user, the key (--ssh-key) or the password");
  }

  static TransferException hostKey(String refusal) {
    return new TransferException(ErrorKind.HOST_KEY_REJECTED, refusal);
  }

  private static String oneLine(String text) {
    String flat = String.valueOf(text).strip().replaceAll("[\\r\\n]+", " ");
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
