package dev.dlm.protocol.ftp;

import dev.dlm.spi.ProtocolContext;
import java.time.Duration;
import java.util.Locale;

/**
 * The FTP options a user can set ({@code ftp.mode}, {@code ftp.tls}) with the engine-wide timeouts
 * and certificate policy, checked once when the protocol is created so a typo fails loudly.
 *
 * @param passive passive data connections (EPSV, then PASV) rather than active (PORT/EPRT)
 * @param explicitTls issue AUTH TLS on {@code ftp://} before logging in
 */
record FtpSettings(
    boolean passive,
    boolean explicitTls,
    boolean insecure,
    Duration connectTimeout,
    Duration readTimeout) {

  static final String MODE = "ftp.mode";
  static final String TLS = "ftp.tls";

  static FtpSettings from(ProtocolContext context) {
    String mode = context.option(MODE).orElse("passive").toLowerCase(Locale.ROOT);
    if (!mode.equals("passive") && !mode.equals("active")) {
      throw new IllegalArgumentException(MODE + " must be passive or active, got '" + mode + "'");
    }
    String tls = context.option(TLS).orElse("auto").toLowerCase(Locale.ROOT);
    if (!tls.equals("auto") && !tls.equals("explicit")) {
      throw new IllegalArgumentException(TLS + " must be auto or explicit, got '" + tls + "'");
    }
    return new FtpSettings(
        mode.equals("passive"),
        tls.equals("explicit"),
        context.insecure(),
        context.connectTimeout(),
        context.readTimeout());
  }
}
