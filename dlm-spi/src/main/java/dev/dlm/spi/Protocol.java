package dev.dlm.spi;

import java.util.OptionalInt;

/**
 * One protocol's view of remote resources: it probes what a URL names and streams byte ranges of it.
 *
 * <p>Implementations are shared by every download and every connection of a download, and are called
 * from many virtual threads at once; they must be thread-safe. Blocking I/O is expected: each call
 * runs on its own virtual thread.
 */
public interface Protocol extends AutoCloseable {

  /**
   * Finds out what the source names: a ranged resource (length, whether ranges work, validators, a
   * suggested file name) or a manifest of children (a directory listing).
   *
   * @throws TransferException with the {@link ErrorKind} that says whether trying again may help
   */
  Resource probe(Source source) throws TransferException;

  /**
   * Opens the bytes {@code range} of {@code resource}.
   *
   * <p>The stream must start exactly at {@code range.startByte()} and must never yield bytes past
   * {@code range.endByte()} (when bounded). Before returning, an implementation checks that the
   * server honoured the range (HTTP: 206 and a matching Content-Range) and throws {@link
   * ErrorKind#RANGE_IGNORED} if not, and checks the resource's {@link Validator} (HTTP: If-Range)
   * and throws {@link ErrorKind#REMOTE_CHANGED} if the remote file is no longer the one probed. For a
   * resource that does not support ranges, the engine only ever asks for {@link ByteRange#all()}.
   */
  RangeStream open(Source source, RangedResource resource, ByteRange range) throws TransferException;

  /**
   * The most connections worth using for one download of {@code resource} when the user has not
   * chosen a count, or empty for no opinion (the engine's own count, sized for HTTP, applies).
   *
   * <p>Why: the engine's default count suits protocols whose connections are cheap and throttled
   * per connection by servers. Where each connection costs a login, its own cipher state and
   * pipelining of its own (SFTP: one session already keeps megabytes of reads in flight), more
   * connections add handshakes and CPU without adding throughput. The engine uses {@code min(its
   * count, this)} for automatic counts only; a count the user asked for ({@code -x}) is kept.
   */
  default OptionalInt preferredConnections(Source source, RangedResource resource) {
    return OptionalInt.empty();
  }

  /** Releases pooled connections. */
  @Override
  default void close() {}
}
