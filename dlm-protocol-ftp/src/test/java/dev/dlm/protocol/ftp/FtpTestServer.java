package dev.dlm.protocol.ftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.Ftplet;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * Apache FtpServer on 127.0.0.1 (ephemeral control and passive ports) over a temp directory, with
 * the faults the FTP tests need: a file whose data connection drops after {@link #TRUNCATE_AFTER}
 * bytes, a file that stalls, a directory listing hostile names, and optional TLS, a TLS-demanding
 * login, a login limit, a server without FEAT (so clients fall back from MLSD to LIST) and one
 * without REST.
 */
final class FtpTestServer implements AutoCloseable {

  static final String USER = "alice";
  static final String PASSWORD = "s3cret";
  static final int TRUNCATE_AFTER = 64 * 1024;
  static final String TRUNCATED = "truncated.bin";
  static final String STALLED = "stalled.bin";
  static final String HOSTILE = "hostile";
  static final List<String> HOSTILE_NAMES =
      List.of("..", "/x", "../../escape", "bell\u0007name", "new\nline");

  enum Tls {
    NONE,
    EXPLICIT,
    IMPLICIT
  }

  /** What to start; the defaults are plain FTP with MLSD, anonymous login allowed. */
  record Options(
      Tls tls, boolean demandTls, int maxLogins, boolean features, boolean rest, boolean windows) {
    static Options plain() {
      return new Options(Tls.NONE, false, 0, true, true, false);
    }
  }

  private final FtpServer server;
  private final int port;
  private final Path root;
  private final CountDownLatch stall = new CountDownLatch(1);

  FtpTestServer(Path root, Path work, Options options) throws Exception {
    this.root = root;
    FtpServerFactory factory = new FtpServerFactory();
    ListenerFactory listener = new ListenerFactory();
    listener.setServerAddress("127.0.0.1");
    listener.setPort(0);
    DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
    data.setPassiveAddress("127.0.0.1");
    data.setActiveLocalAddress("127.0.0.1");
    if (options.tls() != Tls.NONE) {
      SslConfigurationFactory ssl = new SslConfigurationFactory();
      ssl.setKeystoreFile(keystore(work).toFile());
      ssl.setKeystorePassword("changeit");
      ssl.setKeyPassword("changeit");
      ssl.setKeystoreType("PKCS12");
      listener.setSslConfiguration(ssl.createSslConfiguration());
      listener.setImplicitSsl(options.tls() == Tls.IMPLICIT);
      data.setSslConfiguration(ssl.createSslConfiguration());
    }
    listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
    factory.addListener("default", listener.createListener());

    ConnectionConfigFactory connections = new ConnectionConfigFactory();
    connections.setAnonymousLoginEnabled(true);
    connections.setMaxLoginFailures(100);
    connections.setLoginFailureDelay(0);
    if (options.maxLogins() > 0) {
      connections.setMaxLogins(options.maxLogins());
      connections.setMaxAnonymousLogins(options.maxLogins());
    }
    factory.setConnectionConfig(connections.createConnectionConfig());

    UserManager users = new PropertiesUserManagerFactory().createUserManager();
    users.save(user(USER, PASSWORD));
    users.save(user("anonymous", null));
    factory.setUserManager(users);
    factory.setFileSystem(
        user -> new FaultyView(new NativeFileSystemFactory().createFileSystemView(user)));

    Map<String, Ftplet> ftplets = new LinkedHashMap<>();
    ftplets.put("rules", new Rules(options));
    factory.setFtplets(ftplets);
    server = factory.createServer();
    server.start();
    port = ((DefaultFtpServer) server).getListener("default").getPort();
  }

  private BaseUser user(String name, String password) {
    BaseUser user = new BaseUser();
    user.setName(name);
    user.setPassword(password);
    user.setHomeDirectory(root.toString());
    List<Authority> authorities = new ArrayList<>();
    authorities.add(new WritePermission());
    authorities.add(new ConcurrentLoginPermission(0, 0));
    user.setAuthorities(authorities);
    return user;
  }

  int port() {
    return port;
  }

  /** Lets a stalled transfer finish, so the server can stop. */
  void releaseStall() {
    stall.countDown();
  }

  @Override
  public void close() {
    releaseStall();
    server.stop();
  }

  /** A self-signed key for 127.0.0.1, made by the JDK's keytool for this test run only. */
  private static Path keystore(Path work) throws IOException, InterruptedException {
    Path store = work.resolve("ftpserver.p12");
    if (Files.exists(store)) {
      return store;
    }
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-J-XX:TieredStopAtLevel=1",
                "-J-XX:+UseSerialGC",
                "-genkeypair",
                "-alias",
                "ftp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                "changeit",
                "-keypass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    return store;
  }

  /** Refuses plain logins, FEAT, as configured. */
  private static final class Rules extends DefaultFtplet {
    private final Options options;

    Rules(Options options) {
      this.options = options;
    }

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request)
        throws FtpException, IOException {
      String command = request.getCommand().toUpperCase(java.util.Locale.ROOT);
      if (options.demandTls() && !session.isSecure() && command.equals("USER")) {
        session.write(new DefaultFtpReply(534, "Policy requires TLS: use AUTH TLS"));
        return FtpletResult.SKIP;
      }
      if (!options.rest() && command.equals("REST")) {
        session.write(new DefaultFtpReply(502, "REST not implemented"));
        return FtpletResult.SKIP;
      }
      if (options.windows() && command.equals("SYST")) {
        session.write(new DefaultFtpReply(215, "Windows_NT"));
        return FtpletResult.SKIP;
      }
      if (options.windows() && command.equals("LIST")) {
        return windowsListing(session, request);
      }
      if (!options.features() && command.equals("FEAT")) {
        session.write(new DefaultFtpReply(502, "FEAT not implemented"));
        return FtpletResult.SKIP;
      }
      return super.beforeCommand(session, request);
    }
  }

  /** Answers LIST the way IIS does ({@code MM-dd-yy hh:mmAM <DIR>|size name}). */
  private static FtpletResult windowsListing(FtpSession session, FtpRequest request)
      throws FtpException, IOException {
    String path = request.hasArgument() ? request.getArgument().replaceFirst("^-\\w+\\s*", "") : "";
    FtpFile directory =
        path.isEmpty()
            ? session.getFileSystemView().getWorkingDirectory()
            : session.getFileSystemView().getFile(path);
    java.time.format.DateTimeFormatter format =
        java.time.format.DateTimeFormatter.ofPattern("MM-dd-yy  hh:mma", java.util.Locale.US);
    StringBuilder listing = new StringBuilder();
    for (FtpFile file : directory.listFiles()) {
      String when =
          format.format(
              java.time.LocalDateTime.ofInstant(
                  java.time.Instant.ofEpochMilli(file.getLastModified()),
                  java.time.ZoneOffset.UTC));
      String sizeOrDir =
          file.isDirectory()
              ? String.format("%-14s", "<DIR>")
              : String.format("%14d", file.getSize());
      listing.append(when).append("       ").append(sizeOrDir).append(' ').append(file.getName());
      listing.append("\r\n");
    }
    session.write(new DefaultFtpReply(150, "Opening data connection"));
    try {
      session.getDataConnection().openConnection().transferToClient(session, listing.toString());
    } catch (Exception e) {
      throw new IOException(e);
    } finally {
      session.getDataConnection().closeDataConnection();
    }
    session.write(new DefaultFtpReply(226, "Transfer complete"));
    return FtpletResult.SKIP;
  }

  /** The native file system, with the fault-injecting files and the hostile directory. */
  private final class FaultyView implements FileSystemView {
    private final FileSystemView delegate;

    FaultyView(FileSystemView delegate) {
      this.delegate = delegate;
    }

    @Override
    public FtpFile getHomeDirectory() throws FtpException {
      return wrap(delegate.getHomeDirectory());
    }

    @Override
    public FtpFile getWorkingDirectory() throws FtpException {
      return wrap(delegate.getWorkingDirectory());
    }

    @Override
    public boolean changeWorkingDirectory(String dir) throws FtpException {
      return delegate.changeWorkingDirectory(dir);
    }

    @Override
    public FtpFile getFile(String file) throws FtpException {
      return wrap(delegate.getFile(file));
    }

    @Override
    public boolean isRandomAccessible() throws FtpException {
      return delegate.isRandomAccessible();
    }

    @Override
    public void dispose() {
      delegate.dispose();
    }
  }

  private FtpFile wrap(FtpFile file) {
    return new FaultyFile(file);
  }

  private final class FaultyFile extends ForwardingFtpFile {

    FaultyFile(FtpFile delegate) {
      super(delegate);
    }

    @Override
    public List<? extends FtpFile> listFiles() {
      List<FtpFile> files = new ArrayList<>();
      for (FtpFile child : delegate.listFiles()) {
        files.add(wrap(child));
      }
      if (delegate.getName().equals(HOSTILE)) {
        for (String name : HOSTILE_NAMES) {
          files.add(
              new ForwardingFtpFile(delegate) {
                @Override
                public String getName() {
                  return name;
                }

                @Override
                public boolean isDirectory() {
                  return name.startsWith("..");
                }

                @Override
                public boolean isFile() {
                  return !isDirectory();
                }

                @Override
                public long getSize() {
                  return 1;
                }
              });
        }
      }
      return files;
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
      InputStream in = delegate.createInputStream(offset);
      return switch (delegate.getName()) {
        case TRUNCATED -> new FailingStream(in, TRUNCATE_AFTER - offset, null);
        case STALLED -> new FailingStream(in, TRUNCATE_AFTER - offset, stall);
        default -> in;
      };
    }
  }

  /** Serves {@code limit} bytes, then fails (or, with a latch, blocks until released and fails). */
  private static final class FailingStream extends InputStream {
    private final InputStream in;
    private final CountDownLatch block;
    private long left;

    FailingStream(InputStream in, long limit, CountDownLatch block) {
      this.in = in;
      this.left = Math.max(0, limit);
      this.block = block;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        if (block != null) {
          try {
            block.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        throw new IOException("injected fault: disk read failed");
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Passes every call to another file; tests override what they fake. */
  static class ForwardingFtpFile implements FtpFile {
    final FtpFile delegate;

    ForwardingFtpFile(FtpFile delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getAbsolutePath() {
      return delegate.getAbsolutePath();
    }

    @Override
    public String getName() {
      return delegate.getName();
    }

    @Override
    public boolean isHidden() {
      return delegate.isHidden();
    }

    @Override
    public boolean isDirectory() {
      return delegate.isDirectory();
    }

    @Override
    public boolean isFile() {
      return delegate.isFile();
    }

    @Override
    public boolean doesExist() {
      return delegate.doesExist();
    }

    @Override
    public boolean isReadable() {
      return delegate.isReadable();
    }

    @Override
    public boolean isWritable() {
      return delegate.isWritable();
    }

    @Override
    public boolean isRemovable() {
      return delegate.isRemovable();
    }

    @Override
    public String getOwnerName() {
      return delegate.getOwnerName();
    }

    @Override
    public String getGroupName() {
      return delegate.getGroupName();
    }

    @Override
    public int getLinkCount() {
      return delegate.getLinkCount();
    }

    @Override
    public long getLastModified() {
      return delegate.getLastModified();
    }

    @Override
    public boolean setLastModified(long time) {
      return delegate.setLastModified(time);
    }

    @Override
    public long getSize() {
      return delegate.getSize();
    }

    @Override
    public Object getPhysicalFile() {
      return delegate.getPhysicalFile();
    }

    @Override
    public boolean mkdir() {
      return delegate.mkdir();
    }

    @Override
    public boolean delete() {
      return delegate.delete();
    }

    @Override
    public boolean move(FtpFile destination) {
      return delegate.move(destination);
    }

    @Override
    public List<? extends FtpFile> listFiles() {
      return delegate.listFiles();
    }

    @Override
    public OutputStream createOutputStream(long offset) throws IOException {
      return delegate.createOutputStream(offset);
    }

    @Override
    public InputStream createInputStream(long offset) throws IOException {
      return delegate.createInputStream(offset);
    }
  }

  static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
