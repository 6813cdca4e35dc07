package dev.dlm.spi;

import java.util.Set;

/**
 * Entry point of a protocol module, registered in {@code META-INF/services/dev.dlm.spi.ProtocolProvider}.
 *
 * <p>The engine creates one {@link Protocol} per provider and keeps it for its lifetime, so a
 * protocol can pool connections across downloads.
 */
public interface ProtocolProvider {

  /** The URL schemes this provider handles, in lower case (for example {@code http}, {@code https}). */
  Set<String> schemes();

  /** Creates the protocol instance the engine uses for every download with one of {@link #schemes()}. */
  Protocol create(ProtocolContext context);
}
