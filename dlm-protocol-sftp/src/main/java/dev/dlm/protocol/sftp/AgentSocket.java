package dev.dlm.protocol.sftp;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.agent.common.AbstractAgentProxy;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

/**
 * The SSH agent at {@code SSH_AUTH_SOCK}, reached over the JDK's own Unix-domain sockets.
 *
 * <p>MINA SSHD's bundled agent client needs Tomcat's native APR library; since JDK 16 a {@link
 * SocketChannel} speaks Unix sockets by itself, so this class only frames the agent protocol's
 * requests (MINA builds and parses the messages). One socket per request: the agent is local and
 * requests are rare (listing keys, one signature per login).
 */
final class AgentSocket extends AbstractAgentProxy {

  private static final int MAX_REPLY_BYTES = 256 * 1024;

  private final Path socket;

  AgentSocket(Path socket) {
    super(null);
    this.socket = socket;
  }

  /** A factory that hands each client session an {@link AgentSocket}; it never serves agents. */
  static SshAgentFactory factory(Path socket) {
    return new SshAgentFactory() {
      @Override
      public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
      }

      @Override
      public SshAgent createClient(Session session, FactoryManager manager) {
        return new AgentSocket(socket);
      }

      @Override
      public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("dlm does not forward agents");
      }
    };
  }

  @Override
  protected Buffer request(Buffer buffer) throws IOException {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
      ByteBuffer out = ByteBuffer.wrap(buffer.array(), buffer.rpos(), buffer.available());
      while (out.hasRemaining()) {
        channel.write(out);
      }
      ByteBuffer length = readFully(channel, ByteBuffer.allocate(Integer.BYTES));
      int replyBytes = length.flip().getInt();
      if (replyBytes <= 0 || replyBytes > MAX_REPLY_BYTES) {
        throw new IOException("the SSH agent sent a reply of " + replyBytes + " bytes");
      }
      return new ByteArrayBuffer(readFully(channel, ByteBuffer.allocate(replyBytes)).array());
    }
  }

  private static ByteBuffer readFully(SocketChannel channel, ByteBuffer into) throws IOException {
    while (into.hasRemaining()) {
      if (channel.read(into) < 0) {
        throw new EOFException("the SSH agent closed the connection");
      }
    }
    return into;
  }

  @Override
  public boolean isOpen() {
    return true;
  }
}
