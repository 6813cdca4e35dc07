package dev.dlm.protocol.ftp;

import dev.dlm.spi.TransferException;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPCmd;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;

/**
 * Opens and logs in control connections: plain, implicit TLS ({@code ftps://}), or explicit AUTH
 * TLS when asked to or when the server refuses a plain login for want of TLS, which it then
 * remembers for that endpoint. Binary type, PROT P on TLS, and the data-connection mode are set
 * here once.
 */
final class FtpConnector {

  private final FtpSettings settings;
  private final Clock clock;
  private final Set<FtpEndpoint> tlsDemanded = ConcurrentHashMap.newKeySet();

  FtpConnector(FtpSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  FtpSession connect(FtpEndpoint endpoint) throws TransferException {
    boolean explicit =
        !endpoint.implicitTls() && (settings.explicitTls() || tlsDemanded.contains(endpoint));
    try {
      return login(endpoint, explicit);
    } catch (TlsDemanded demanded) {
      tlsDemanded.add(endpoint);
      try {
        return login(endpoint, true);
      } catch (TlsDemanded again) {
        throw again.failure;
      }
    }
  }

  private FtpSession login(FtpEndpoint endpoint, boolean explicitTls)
      throws TransferException, TlsDemanded {
    FTPClient client = newClient(endpoint.implicitTls(), explicitTls);
    String where = endpoint.display();
    boolean connected = false;
    try {
      client.connect(endpoint.host(), endpoint.port());
      if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
        throw FtpFailures.reply(client.getReplyCode(), client.getReplyString(), "connect", where);
      }
      client.setSoTimeout((int) settings.readTimeout().toMillis());
      if (!client.login(endpoint.user(), endpoint.password())) {
        int code = client.getReplyCode();
        String text = client.getReplyString();
        if (!explicitTls && !endpoint.implicitTls() && FtpFailures.demandsTls(code, text)) {
          throw new TlsDemanded(FtpFailures.reply(code, text, "login", where));
        }
        throw FtpFailures.reply(code == 534 ? 530 : code, text, "login", where);
      }
      if (!client.setFileType(FTP.BINARY_FILE_TYPE)) {
        throw FtpFailures.reply(client.getReplyCode(), client.getReplyString(), "TYPE I", where);
      }
      if (client instanceof FTPSClient tls) {
        tls.execPBSZ(0);
        tls.execPROT("P");
      }
      if (settings.passive()) {
        client.enterLocalPassiveMode();
      } else {
        client.enterLocalActiveMode();
      }
      String home = client.printWorkingDirectory();
      boolean mlsd = client.hasFeature(FTPCmd.MLSD.getCommand());
      connected = true;
      return new FtpSession(client, endpoint, home == null ? "/" : home, mlsd, clock.instant());
    } catch (IOException e) {
      throw FtpFailures.io(e, where, true);
    } finally {
      if (!connected) {
        close(client);
      }
    }
  }

  private FTPClient newClient(boolean implicitTls, boolean explicitTls) throws TransferException {
    FTPClient client;
    if (implicitTls || explicitTls) {
      FTPSClient tls = new FTPSClient(implicitTls, sslContext());
      tls.setEndpointCheckingEnabled(!settings.insecure());
      client = tls;
    } else {
      client = new FTPClient();
    }
    client.setConnectTimeout((int) settings.connectTimeout().toMillis());
    client.setDefaultTimeout((int) settings.readTimeout().toMillis());
    client.setDataTimeout(settings.readTimeout());
    client.setUseEPSVwithIPv4(true);
    client.setAutodetectUTF8(true);
    client.setListHiddenFiles(true);
    return client;
  }

  private SSLContext sslContext() throws TransferException {
    try {
      if (!settings.insecure()) {
        return SSLContext.getDefault();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {TrustManagerUtils.getAcceptAllTrustManager()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new TransferException(
          dev.dlm.spi.ErrorKind.TLS,
          "TLS is not available in this Java runtime: " + e.getMessage(),
          e);
    }
  }

  private static void close(FTPClient client) {
    try {
      if (client.isConnected()) {
        client.disconnect();
      }
    } catch (IOException ignored) {
      // nothing left to release
    }
  }

  /** A plain login the server refused until TLS is negotiated. */
  private static final class TlsDemanded extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient TransferException failure;

    TlsDemanded(TransferException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }
}
