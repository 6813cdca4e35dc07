package dev.dlm.protocol.http;

import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import java.util.Set;

/** Registers HTTP(S) with the engine; found by {@link java.util.ServiceLoader}. */
public final class HttpProtocolProvider implements ProtocolProvider {

  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public Protocol create(ProtocolContext context) {
    return new HttpProtocol(context);
  }
}
