package dev.dlm.protocol.sftp;

import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import java.nio.file.Path;
import java.util.Set;

/** Registers {@code sftp://} with the engine through {@link java.util.ServiceLoader}. */
public final class SftpProvider implements ProtocolProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("sftp");
  }

  @Override
  public Protocol create(ProtocolContext context) {
    return new SftpProtocol(
        context,
        SftpSettings.from(context, Path.of(System.getProperty("user.home")), System.getenv()));
  }
}
