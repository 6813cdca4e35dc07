package dev.dlm.cli.training;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncServer;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestConsumer;
import org.apache.hc.core5.http.nio.AsyncServerRequestHandler;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicRequestConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseProducer;
import org.apache.hc.core5.http.nio.support.BasicServerExchangeHandler;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.http2.impl.nio.bootstrap.H2ServerBootstrap;
import org.apache.hc.core5.http2.ssl.H2ServerTlsStrategy;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.reactor.ListenerEndpoint;

/**
 * An HTTPS server on 127.0.0.1 that answers HTTP/2 to clients offering it in ALPN and HTTP/1.1 to
 * the others, with a throw-away self-signed certificate made by the running JDK's {@code keytool}:
 * so the training exercises what most real downloads run (the TLS handshake, HTTP/2 probes and
 * small files, HTTP/1.1 parts of a large file over TLS). Built on the HttpCore 5 server that ships inside
 * the HTTP client dlm already carries; files, HEAD and single byte ranges as {@link SampleServer}.
 */
final class SampleTlsServer implements AutoCloseable {

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
  private static final char[] PASSWORD = "dlm-training".toCharArray();

  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Catalogue catalogue = new Catalogue();
  private final HttpAsyncServer server;
  private final int port;

  private SampleTlsServer(SSLContext tls) throws IOException {
    server =
        H2ServerBootstrap.bootstrap()
            .setVersionPolicy(HttpVersionPolicy.NEGOTIATE)
            .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).build())
            .setTlsStrategy(new H2ServerTlsStrategy(tls))
            .setHttpProcessor(HttpProcessorBuilder.create().build())
            .setRequestRouter(
                (request, context) -> () -> new BasicServerExchangeHandler<>(catalogue))
            .create();
    server.start();
    try {
      ListenerEndpoint endpoint =
          server.listen(new InetSocketAddress("127.0.0.1", 0), URIScheme.HTTPS).get();
      port = ((InetSocketAddress) endpoint.getAddress()).getPort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting the training server", e);
    } catch (ExecutionException e) {
      throw new IOException("cannot listen on 127.0.0.1: " + e.getCause().getMessage(), e);
    }
  }

  /** Starts one with a new certificate, made in {@code work}. */
  static SampleTlsServer start(Path work) throws IOException, GeneralSecurityException {
    return new SampleTlsServer(selfSigned(work));
  }

  /** Adds a file of {@code sizeBytes} bytes at {@code /name} and returns its URL. */
  URI add(String name, int sizeBytes) {
    byte[] content = new byte[sizeBytes];
    new SplittableRandom(name.hashCode()).nextBytes(content);
    files.put("/" + name, content);
    return URI.create("https://127.0.0.1:" + port + "/" + name);
  }

  @Override
  public void close() {
    server.close(CloseMode.IMMEDIATE);
  }

  private static SSLContext selfSigned(Path work) throws IOException, GeneralSecurityException {
    Path store = work.resolve("training-tls.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        List.of(keytool.toString(), "-genkeypair", "-alias", "training", "-keyalg", "EC",
            "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
            "san=ip:127.0.0.1,dns:localhost", "-validity", "1", "-storetype", "PKCS12",
            "-keystore", store.toString(), "-storepass", new String(PASSWORD), "-keypass",
            new String(PASSWORD));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("keytool failed: " + new String(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while making a certificate", e);
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory managers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    managers.init(keys, PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(managers.getKeyManagers(), null, null);
    return tls;
  }

  /** Answers every request from {@link #files}: 404, a whole file, or one byte range of it. */
  private final class Catalogue implements AsyncServerRequestHandler<Message<HttpRequest, Void>> {

    @Override
    public AsyncRequestConsumer<Message<HttpRequest, Void>> prepare(
        HttpRequest request, EntityDetails entityDetails, HttpContext context) {
      return new BasicRequestConsumer<>(
          entityDetails == null ? null : new DiscardingEntityConsumer<>());
    }

    @Override
    public void handle(
        Message<HttpRequest, Void> message, ResponseTrigger trigger, HttpContext context)
        throws org.apache.hc.core5.http.HttpException, IOException {
      HttpRequest request = message.getHead();
      byte[] content = files.get(request.getPath());
      if (content == null) {
        BasicHttpResponse notFound = new BasicHttpResponse(404);
        notFound.addHeader("Content-Length", "0");
        trigger.submitResponse(new BasicResponseProducer(notFound), context);
        return;
      }
      int from = 0;
      int to = content.length;
      BasicHttpResponse response = new BasicHttpResponse(200);
      Header range = request.getFirstHeader("Range");
      Matcher ranged = range == null ? null : RANGE.matcher(range.getValue());
      if (ranged != null && ranged.matches()) {
        from = Math.min(content.length, Integer.parseInt(ranged.group(1)));
        to = ranged.group(2).isEmpty() ? to : Math.min(to, Integer.parseInt(ranged.group(2)) + 1);
        response = new BasicHttpResponse(206);
        response.addHeader(
            "Content-Range", "bytes " + from + "-" + (to - 1) + "/" + content.length);
      }
      response.addHeader("Accept-Ranges", "bytes");
      response.addHeader("ETag", "\"" + content.length + "\"");
      response.addHeader("Content-Length", Integer.toString(to - from));
      if (request.getMethod().equals("HEAD") || to == from) {
        trigger.submitResponse(new BasicResponseProducer(response), context);
      } else {
        trigger.submitResponse(
            new BasicResponseProducer(
                response,
                AsyncEntityProducers.create(
                    Arrays.copyOfRange(content, from, to), ContentType.APPLICATION_OCTET_STREAM)),
            context);
      }
    }
  }
}
