package dev.dlm.protocol.ftp;

import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import java.util.Set;

/**
 * Registers FTP ({@code ftp://}) and implicit FTPS ({@code ftps://}) with the engine through {@link
 * java.util.ServiceLoader}; explicit FTPS is the {@code ftp.tls=explicit} option on {@code ftp://}.
 */
public final class FtpProvider implements ProtocolProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("ftp", "ftps");
  }

  @Override
  public Protocol create(ProtocolContext context) {
    return new FtpProtocol(context);
  }
}
