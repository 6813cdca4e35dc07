package dev.dlm.spi;

/**
 * What a probe found. Each shape maps onto the engine differently: a {@link RangedResource} is split
 * into segments; a {@link ManifestResource} expands into children that are downloaded in turn.
 * (Swarm resources, whose protocol schedules its own pieces, will join this hierarchy with
 * BitTorrent and IPFS.)
 */
public sealed interface Resource permits RangedResource, ManifestResource {}
