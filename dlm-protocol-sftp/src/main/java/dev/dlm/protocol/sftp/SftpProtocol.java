package dev.dlm.protocol.sftp;

import dev.dlm.spi.ByteRange;
import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.Login;
import dev.dlm.spi.Netrc;
import dev.dlm.spi.Protocol;
import dev.dlm.spi.ProtocolContext;
import dev.dlm.spi.RangeStream;
import dev.dlm.spi.RangedResource;
import dev.dlm.spi.Resource;
import dev.dlm.spi.Source;
import dev.dlm.spi.TransferException;
import dev.dlm.spi.Validator;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClient.Attributes;

/**
 * SFTP as ranged resources.
 *
 * <p>Design: a probe is one stat (size, mtime, type); a directory expands through {@link SftpTree}
 * only when the source is recursive. A ranged open stats again (so a file changed since the probe
 * is never spliced), opens a handle and reads from the range's offset with pipelined requests
 * ({@link PipelinedRead}, {@link SftpRangeStream}). Each call borrows a pooled session for its
 * whole duration.
 *
 * <p>URL paths are absolute, as in curl: {@code sftp://host/srv/x} is {@code /srv/x}, and {@code
 * sftp://host/~/x} is {@code x} in the login directory.
 */
final class SftpProtocol implements Protocol {

  /** Sessions a download uses when the user does not choose (measured: see docs/protocols/sftp.md). */
  static final int SESSIONS_PER_DOWNLOAD = 1;

  /**
   * What all reads together keep in flight: 8 MiB each for up to four reads, then a share (16
   * sessions: 2 MiB each), see {@link ReadBudget}.
   */
  static final long IN_FLIGHT_BYTES = 32L * 1024 * 1024;

  private final ReadBudget readBudget = new ReadBudget(IN_FLIGHT_BYTES, SftpPool.WINDOW_BYTES);
  private final ProtocolContext context;
  private final SftpPool pool;

  SftpProtocol(ProtocolContext context, SftpSettings settings) {
    this.context = context;
    this.pool = new SftpPool(settings, context.prompt());
  }

  @Override
  public Resource probe(Source source) throws TransferException {
    SftpEndpoint endpoint = endpoint(source.uri());
    String path = remotePath(source.uri());
    SftpPool.Connection connection = pool.borrow(endpoint);
    String where = endpoint.display() + path;
    try {
      Attributes attributes = connection.sftp().stat(path);
      Resource resource;
      if (attributes.isDirectory()) {
        if (!source.recursive()) {
          throw new TransferException(
              ErrorKind.IS_DIRECTORY,
              where + " is a directory; pass -r to download everything below it");
        }
        String name = lastSegment(path);
        resource =
            new SftpTree(connection.sftp())
                .walk(
                    source,
                    path,
                    name.isEmpty() || name.equals(".") || name.equals("~")
                        ? endpoint.host()
                        : name);
      } else {
        resource =
            new RangedResource(
                source.uri(),
                attributes.getSize(),
                true,
                validator(attributes),
                Optional.of(lastSegment(path)).filter(s -> !s.isEmpty()),
                Optional.empty());
      }
      pool.release(connection);
      return resource;
    } catch (TransferException e) {
      pool.release(connection);
      throw e;
    } catch (IOException | RuntimeException e) {
      throw giveBack(connection, e, where);
    }
  }

  @Override
  public RangeStream open(Source source, RangedResource resource, ByteRange range)
      throws TransferException {
    SftpEndpoint endpoint = endpoint(source.uri());
    String path = remotePath(source.uri());
    String where = endpoint.display() + path;
    SftpPool.Connection connection = pool.borrow(endpoint);
    try {
      SftpClient sftp = connection.sftp();
      Attributes now = sftp.stat(path);
      Validator current = validator(now);
      if (!resource.validator().sameVersionAs(current)) {
        throw new TransferException(
            ErrorKind.REMOTE_CHANGED,
            where
                + " changed on the server ("
                + describe(resource.validator())
                + ", now "
                + describe(current)
                + "); restarting the download");
      }
      long endByte =
          range.bounded()
              ? range.endByte()
              : resource.lengthKnown() ? resource.lengthBytes() : Long.MAX_VALUE;
      SftpClient.CloseableHandle handle = sftp.open(path, SftpClient.OpenMode.Read);
      PipelinedRead data =
          new PipelinedRead(
              connection.sftp(),
              handle,
              range.startByte(),
              endByte,
              connection.readBytes(),
              readBudget,
              context.readTimeout());
      long expectedBytes =
          range.bounded()
              ? range.lengthBytes()
              : resource.lengthKnown() ? resource.lengthBytes() - range.startByte() : -1;
      return new SftpRangeStream(pool, connection, data, where, expectedBytes);
    } catch (TransferException e) {
      pool.release(connection);
      throw e;
    } catch (IOException | RuntimeException e) {
      throw giveBack(connection, e, where);
    }
  }

  /**
   * One session per download unless the user asks for more: a session already keeps {@link
   * SftpPool#WINDOW_BYTES} of reads in flight, so more sessions add key exchanges, logins and
   * cipher streams (CPU) but no throughput, on loopback and on long links alike.
   */
  @Override
  public OptionalInt preferredConnections(Source source, RangedResource resource) {
    return OptionalInt.of(SESSIONS_PER_DOWNLOAD);
  }

  /**
   * Returns a session after a failed request: to the pool when the server answered with a status
   * (the channel is still in step), closed otherwise. Gives back the failure to throw.
   */
  private TransferException giveBack(SftpPool.Connection connection, Exception e, String where) {
    TransferException failure = SftpFailures.of(e, where);
    if (failure.kind() == ErrorKind.NOT_FOUND || failure.kind() == ErrorKind.FORBIDDEN) {
      pool.release(connection);
    } else {
      pool.discard(connection);
    }
    return failure;
  }

  private static Validator validator(Attributes attributes) {
    Optional<String> modified =
        Optional.ofNullable(attributes.getModifyTime()).map(time -> time.toInstant().toString());
    return new Validator(Optional.empty(), modified, attributes.getSize());
  }

  private static String describe(Validator validator) {
    return validator.lengthBytes() + " bytes, modified " + validator.lastModified().orElse("?");
  }

  /** Who logs in where: the URL's user (and password, if given), netrc, else the local user. */
  SftpEndpoint endpoint(URI uri) throws TransferException {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new TransferException(ErrorKind.INVALID_URL, "the SFTP URL has no host");
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 22;
    Login login = Login.of(uri, Netrc.loadOrEmpty(context.netrcFile()));
    return new SftpEndpoint(
        host, port, login.user().orElse(System.getProperty("user.name")), login.password());
  }

  /** The server path: absolute, or relative to the login directory under {@code /~/}. */
  static String remotePath(URI uri) {
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    if (path.equals("/~") || path.equals("/~/")) {
      return ".";
    }
    return path.startsWith("/~/") ? path.substring(3) : path;
  }

  private static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  int idleSessions(SftpEndpoint endpoint) {
    return pool.idleCount(endpoint);
  }

  @Override
  public void close() {
    pool.close();
  }
}
