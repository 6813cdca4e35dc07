package dev.dlm.protocol.ftp;

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
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * FTP and FTPS as ranged resources.
 *
 * <p>Design: a probe asks SIZE and MDTM (length and validator); a path that answers CWD instead is
 * a directory, expanded by {@link FtpTree} only when the source is recursive. A ranged open is REST
 * + RETR on a pooled control connection, re-checking SIZE and MDTM first so a file that changed
 * since the probe is never spliced; the body is cut at the range's end by {@link FtpRangeStream}.
 * Each call borrows a connection for its whole duration, so concurrent segments use concurrent
 * connections and the engine's connection count is the server's connection count.
 */
final class FtpProtocol implements Protocol {

  private static final String ANONYMOUS_PASSWORD = "dlm@";
  static final int CONNECTIONS_PER_DOWNLOAD = 1;

  private final ProtocolContext context;
  private final FtpPool pool;
  private final Map<String, String> promptedPasswords = new ConcurrentHashMap<>();

  FtpProtocol(ProtocolContext context) {
    this.context = context;
    this.pool =
        new FtpPool(new FtpConnector(FtpSettings.from(context), context.clock()), context.clock());
  }

  @Override
  public Resource probe(Source source) throws TransferException {
    FtpEndpoint endpoint = endpoint(source.uri());
    FtpSession session = pool.borrow(endpoint);
    try {
      Resource resource = probe(session, source, urlPath(source.uri()));
      pool.release(session);
      return resource;
    } catch (IOException | RuntimeException e) {
      throw giveBack(session, e);
    }
  }

  private Resource probe(FtpSession session, Source source, String urlPath) throws IOException {
    String path = session.resolve(urlPath);
    long lengthBytes = urlPath.isEmpty() || urlPath.endsWith("/") ? -1 : session.size(path);
    if (lengthBytes < 0) {
      int sizeReply = session.lastReplyCode();
      String sizeText = session.lastReply();
      if (session.canonicalDirectory(path).isPresent()) {
        return directory(source, session, path, urlPath);
      }
      if (sizeReply == 550 || sizeReply == 450) {
        throw FtpFailures.reply(sizeReply, sizeText, "SIZE", session.where(path));
      }
    }
    Optional<String> modified = session.modificationTime(path);
    return new RangedResource(
        source.uri(),
        lengthBytes,
        lengthBytes >= 0,
        new Validator(Optional.empty(), modified, lengthBytes),
        Optional.of(lastSegment(urlPath)).filter(s -> !s.isEmpty()),
        Optional.empty());
  }

  /**
   * Returns a connection after a failure: to the pool when the failure was a reply (the control
   * connection is still in step), closed otherwise. Gives back the failure to throw.
   */
  private TransferException giveBack(FtpSession session, Exception e) {
    TransferException failure =
        switch (e) {
          case TransferException t -> t;
          case IOException io -> FtpFailures.io(io, session.endpoint().display(), false);
          default ->
              new TransferException(
                  ErrorKind.PROTOCOL_ERROR,
                  session.endpoint().display() + ": " + e.getMessage(),
                  e);
        };
    boolean inStep =
        switch (failure.kind()) {
          case NOT_FOUND, FORBIDDEN, IS_DIRECTORY, REMOTE_CHANGED -> true;
          default -> false;
        };
    if (inStep) {
      pool.release(session);
    } else {
      pool.discard(session);
    }
    return failure;
  }

  private Resource directory(Source source, FtpSession session, String path, String urlPath)
      throws IOException {
    if (!source.recursive()) {
      throw new TransferException(
          ErrorKind.IS_DIRECTORY,
          session.where(path) + " is a directory; pass -r to download everything below it");
    }
    String name = lastSegment(urlPath);
    return new FtpTree(session).walk(source, path, name.isEmpty() ? source.uri().getHost() : name);
  }

  @Override
  public RangeStream open(Source source, RangedResource resource, ByteRange range)
      throws TransferException {
    FtpSession session = pool.borrow(endpoint(source.uri()));
    try {
      String path = session.resolve(urlPath(source.uri()));
      checkUnchanged(session, path, resource.validator());
      InputStream data = session.retrieve(path, range.startByte());
      long expectedBytes =
          range.bounded()
              ? range.lengthBytes()
              : resource.lengthKnown() ? resource.lengthBytes() - range.startByte() : -1;
      return new FtpRangeStream(pool, session, data, session.where(path), expectedBytes);
    } catch (IOException | RuntimeException e) {
      throw giveBack(session, e);
    }
  }

  private static void checkUnchanged(FtpSession session, String path, Validator probed)
      throws IOException {
    if (probed.lengthBytes() >= 0) {
      long now = session.size(path);
      if (now < 0 && (session.lastReplyCode() == 550 || session.lastReplyCode() == 450)) {
        throw session.failure("SIZE", path);
      }
      if (now >= 0 && now != probed.lengthBytes()) {
        throw new TransferException(
            ErrorKind.REMOTE_CHANGED,
            session.where(path)
                + " changed on the server ("
                + probed.lengthBytes()
                + " bytes, now "
                + now
                + "); restarting the download");
      }
    }
    if (probed.lastModified().isPresent()) {
      Optional<String> now = session.modificationTime(path);
      if (now.isPresent() && !now.equals(probed.lastModified())) {
        throw new TransferException(
            ErrorKind.REMOTE_CHANGED,
            session.where(path)
                + " changed on the server (modified "
                + probed.lastModified().get()
                + ", now "
                + now.get()
                + "); restarting the download");
      }
    }
  }

  /** Who logs in where: URL credentials, then netrc, then a prompt, else anonymous. */
  FtpEndpoint endpoint(URI uri) throws TransferException {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new TransferException(
          ErrorKind.INVALID_URL, "the FTP URL has no host: " + redacted(uri));
    }
    boolean implicitTls = uri.getScheme().equalsIgnoreCase("ftps");
    int port = uri.getPort() > 0 ? uri.getPort() : implicitTls ? 990 : 21;
    Login login = Login.of(uri, Netrc.loadOrEmpty(context.netrcFile()));
    Optional<String> user = login.user();
    Optional<String> password = login.password();
    if (user.isEmpty() || user.get().equals(FtpEndpoint.ANONYMOUS)) {
      return new FtpEndpoint(
          implicitTls, host, port, FtpEndpoint.ANONYMOUS, password.orElse(ANONYMOUS_PASSWORD));
    }
    String name = user.get();
    String secret = password.orElseGet(() -> prompted(name, host, port));
    return new FtpEndpoint(implicitTls, host, port, name, secret);
  }

  private String prompted(String user, String host, int port) {
    String key = user + "@" + host + ":" + port;
    String known = promptedPasswords.get(key);
    if (known != null) {
      return known;
    }
    String typed =
        context.prompt().secret("FTP password for " + key + ": ").map(String::new).orElse("");
    if (!typed.isEmpty()) {
      promptedPasswords.put(key, typed);
    }
    return typed;
  }

  /** The decoded URL path without its leading slash (RFC 1738: relative to the login directory). */
  static String urlPath(URI uri) {
    String path = uri.getPath() == null ? "" : uri.getPath();
    int type = path.lastIndexOf(";type=");
    if (type >= 0) {
      path = path.substring(0, type);
    }
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static String lastSegment(String path) {
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  private static String redacted(URI uri) {
    return uri.getScheme()
        + "://"
        + (uri.getRawUserInfo() == null ? "" : "***@")
        + (uri.getHost() == null ? "" : uri.getHost())
        + uri.getRawPath();
  }

  /**
   * One connection per download unless the user asks for more ({@code -x}), as aria2, curl, wget and
   * FileZilla do: every FTP connection is a login of its own that servers count against a per-user
   * limit, and on a fast link one data connection is the quickest way to fetch a file (measured in
   * docs/protocols/ftp.md, "How many connections"). A server that throttles each connection is what
   * {@code -x} is for.
   */
  @Override
  public OptionalInt preferredConnections(Source source, RangedResource resource) {
    return OptionalInt.of(CONNECTIONS_PER_DOWNLOAD);
  }

  /** Idle pooled connections to {@code endpoint} (tests check reuse with it). */
  int idleConnections(FtpEndpoint endpoint) {
    return pool.idleCount(endpoint);
  }

  @Override
  public void close() {
    pool.close();
  }
}
