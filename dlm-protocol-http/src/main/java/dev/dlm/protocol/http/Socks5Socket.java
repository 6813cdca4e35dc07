package dev.dlm.protocol.http;

import dev.dlm.spi.ErrorKind;
import dev.dlm.spi.TransferException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;

/**
 * A socket that reaches its endpoint through a SOCKS5 proxy (RFC 1928), with user/password
 * authentication (RFC 1929) when the proxy URL carries credentials. Written here because the JDK's
 * SOCKS support takes credentials only from a JVM-wide {@link java.net.Authenticator}.
 */
final class Socks5Socket extends Socket {

  private final InetSocketAddress proxy;
  private final Optional<UsernamePasswordCredentials> credentials;

  Socks5Socket(InetSocketAddress proxy, Optional<UsernamePasswordCredentials> credentials) {
    this.proxy = proxy;
    this.credentials = credentials;
  }

  @Override
  public void connect(SocketAddress endpoint, int timeoutMillis) throws IOException {
    if (!(endpoint instanceof InetSocketAddress target)) {
      throw new IOException("SOCKS5 needs an internet address, got " + endpoint);
    }
    super.connect(proxy, timeoutMillis);
    int readTimeout = getSoTimeout();
    setSoTimeout(timeoutMillis);
    try {
      negotiate(target);
    } catch (IOException e) {
      close();
      throw e;
    }
    setSoTimeout(readTimeout);
  }

  private void negotiate(InetSocketAddress target) throws IOException {
    OutputStream out = getOutputStream();
    DataInputStream in = new DataInputStream(getInputStream());
    out.write(credentials.isPresent() ? new byte[] {5, 2, 0, 2} : new byte[] {5, 1, 0});
    out.flush();
    if (in.readUnsignedByte() != 5) {
      throw new IOException("the proxy at " + proxy + " does not speak SOCKS5");
    }
    int method = in.readUnsignedByte();
    if (method == 2 && credentials.isPresent()) {
      authenticate(out, in, credentials.get());
    } else if (method != 0) {
      throw new TransferException(
          ErrorKind.AUTH_FAILED,
          "the SOCKS5 proxy at " + proxy + " wants credentials we do not have");
    }
    out.write(connectRequest(target));
    out.flush();
    in.readUnsignedByte();
    int reply = in.readUnsignedByte();
    in.readUnsignedByte();
    int addressType = in.readUnsignedByte();
    int addressBytes =
        switch (addressType) {
          case 1 -> 4;
          case 4 -> 16;
          case 3 -> in.readUnsignedByte();
          default -> throw new IOException("the SOCKS5 proxy sent a malformed reply");
        };
    in.readFully(new byte[addressBytes + 2]);
    if (reply != 0) {
      throw new java.net.ConnectException(
          "the SOCKS5 proxy could not reach "
              + target.getHostString()
              + ":"
              + target.getPort()
              + " (reply "
              + reply
              + ")");
    }
  }

  private void authenticate(OutputStream out, DataInputStream in, UsernamePasswordCredentials login)
      throws IOException {
    byte[] user = login.getUserName().getBytes(StandardCharsets.UTF_8);
    byte[] password = new String(login.getUserPassword()).getBytes(StandardCharsets.UTF_8);
    if (user.length > 255 || password.length > 255) {
      throw new TransferException(
          ErrorKind.AUTH_FAILED, "SOCKS5 user names and passwords are at most 255 bytes");
    }
    out.write(1);
    out.write(user.length);
    out.write(user);
    out.write(password.length);
    out.write(password);
    out.flush();
    in.readUnsignedByte();
    if (in.readUnsignedByte() != 0) {
      throw new TransferException(
          ErrorKind.AUTH_FAILED,
          "the SOCKS5 proxy at " + proxy + " rejected the user name or password");
    }
  }

  private static byte[] connectRequest(InetSocketAddress target) {
    byte[] address;
    byte type;
    if (target.isUnresolved()) {
      byte[] name = target.getHostString().getBytes(StandardCharsets.US_ASCII);
      address = new byte[name.length + 1];
      address[0] = (byte) name.length;
      System.arraycopy(name, 0, address, 1, name.length);
      type = 3;
    } else {
      address = target.getAddress().getAddress();
      type = target.getAddress() instanceof Inet4Address ? (byte) 1 : (byte) 4;
    }
    byte[] request = new byte[4 + address.length + 2];
    request[0] = 5;
    request[1] = 1;
    request[3] = type;
    System.arraycopy(address, 0, request, 4, address.length);
    request[request.length - 2] = (byte) (target.getPort() >> 8);
    request[request.length - 1] = (byte) target.getPort();
    return request;
  }
}
