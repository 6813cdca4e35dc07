package dev.dlm.core.transfer;

import dev.dlm.spi.Protocol;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Source;

/** One place the bytes can come from: the primary URL or a mirror that serves the same file. */
record Origin(Source source, Protocol protocol, RangedResource resource) {}
