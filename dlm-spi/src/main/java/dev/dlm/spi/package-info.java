/**
 * The protocol SPI: what a protocol module implements so the engine can download over it without
 * knowing its name.
 *
 * <p>A {@link dev.dlm.spi.ProtocolProvider} is found by {@link java.util.ServiceLoader} and chosen by
 * URL scheme. Its {@link dev.dlm.spi.Protocol} probes a {@link dev.dlm.spi.Source} into a {@link
 * dev.dlm.spi.Resource} and opens byte ranges of it. The engine owns everything else: planning
 * segments, storage, checkpoints, retries, rate limits and progress. Errors carry retry advice in
 * {@link dev.dlm.spi.ErrorKind} so the engine never parses protocol messages.
 */
package dev.dlm.spi;
