package dev.dlm.core;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.ProtocolProvider;
import dev.dlm.spi.TransferException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The protocols available to the engine, by URL scheme. Built from the providers on the class path
 * ({@link ServiceLoader}), or from an explicit list in tests and embeddings.
 */
public final class ProtocolRegistry implements AutoCloseable {

  private final Map<String, Protocol> byScheme;
  private final List<Protocol> protocols;

  private ProtocolRegistry(Map<String, Protocol> byScheme, List<Protocol> protocols) {
    this.byScheme = Map.copyOf(byScheme);
    this.protocols = List.copyOf(protocols);
  }

  /** Every provider found by {@link ServiceLoader} on the class path. */
  public static ProtocolRegistry load(ProtocolContext context) {
    return of(context, ServiceLoader.load(ProtocolProvider.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  /** Exactly the given providers; a later provider of an already-claimed scheme is an error. */
  public static ProtocolRegistry of(ProtocolContext context, List<? extends ProtocolProvider> providers) {
    Map<String, Protocol> byScheme = new HashMap<>();
    List<Protocol> all = new java.util.ArrayList<>();
    for (ProtocolProvider provider : providers) {
      Protocol protocol = provider.create(context);
      all.add(protocol);
      for (String scheme : provider.schemes()) {
        if (byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), protocol) != null) {
          throw new IllegalStateException("two protocol providers claim the scheme " + scheme);
        }
      }
    }
    return new ProtocolRegistry(byScheme, all);
  }

  /** The protocol for {@code scheme}, or an {@link ErrorKind#UNSUPPORTED_PROTOCOL} failure. */
  public Protocol forScheme(String scheme) throws TransferException {
    Protocol protocol = byScheme.get(scheme.toLowerCase(Locale.ROOT));
    if (protocol == null) {
      throw new TransferException(
          ErrorKind.UNSUPPORTED_PROTOCOL,
          "unsupported protocol '" + scheme + "'; dlm handles " + String.join(", ", schemes()));
    }
    return protocol;
  }

  /** The supported schemes, sorted. */
  public List<String> schemes() {
    return List.copyOf(new TreeSet<>(byScheme.keySet()));
  }

  @Override
  public void close() {
    for (Protocol protocol : protocols) {
      try {
        protocol.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(ProtocolRegistry.class).warn("closing a protocol failed", e);
      }
    }
  }
}
