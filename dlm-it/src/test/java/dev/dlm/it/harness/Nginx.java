package dev.dlm.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * A real nginx on a free loopback port, serving a directory, for tests that must meet a server
 * written by someone else (range handling, keep-alive, throttling as nginx does them).
 *
 * <p>Everything nginx writes (config, pid file, error and access logs, temp directories) lives under
 * the work directory given to {@link Builder#start}; it runs in the foreground ({@code daemon off})
 * as a child of the test JVM, so {@link #close()} stops exactly this server and its workers.
 */
public final class Nginx implements AutoCloseable {

  private static final Pattern ACTIVE = Pattern.compile("Active connections:\\s*(\\d+)");
  private static final String STATUS_PATH = "/.nginx-status";

  private final Daemon daemon;
  private final boolean tls;
  private final Path workDir;
  private final AccessLog accessLog;

  private Nginx(Daemon daemon, boolean tls, Path workDir) {
    this.daemon = daemon;
    this.tls = tls;
    this.workDir = workDir;
    this.accessLog = new AccessLog(workDir.resolve("access.log"));
  }

  /** Starts describing a server that serves {@code docRoot} at {@code /}. */
  public static Builder serving(Path docRoot) {
    return new Builder(docRoot);
  }

  /** Configures locations before the server starts. */
  public static final class Builder {
    private final Path docRoot;
    private final Map<String, Long> throttled = new LinkedHashMap<>();
    private boolean tls;
    private boolean http2;

    private Builder(Path docRoot) {
      this.docRoot = docRoot.toAbsolutePath();
    }

    /**
     * Also serves the document root under {@code prefix} (like {@code /slow/}) with nginx's {@code
     * limit_rate} per connection. nginx lets about a second's worth through at full speed before the
     * limit bites, so expectations must allow for that burst.
     */
    public Builder throttled(String prefix, long rateBytesPerSecond) {
      if (!prefix.startsWith("/") || !prefix.endsWith("/")) {
        throw new IllegalArgumentException("a location prefix starts and ends with '/': " + prefix);
      }
      throttled.put(prefix, rateBytesPerSecond);
      return this;
    }

    /** Serves HTTPS only, under a self-signed certificate made for this server (clients need {@code -k}). */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /**
     * Offers HTTP/2 on the listener as well (negotiated by ALPN over {@link #tls()}). A build of nginx
     * without the HTTP/2 module skips the test.
     */
    public Builder http2() {
      this.http2 = true;
      return this;
    }

    /** Writes the config under {@code workDir}, starts nginx and waits until it accepts connections. */
    public Nginx start(Path workDir) {
      Path nginx = RequiredCommand.find("nginx", "nginx-light");
      if (http2) {
        String built = Processes.run(List.of(nginx.toString(), "-V"), new byte[0]);
        Assumptions.assumeTrue(built.contains("http_v2_module"), "this nginx has no HTTP/2 module");
      }
      try {
        Path dir = Files.createDirectories(workDir.toAbsolutePath());
        Files.createDirectories(dir.resolve("temp"));
        if (tls) {
          SelfSignedCertificate.write(dir.resolve("server.p12"), "nginx.dlm-it.invalid", dir.resolve("cert.pem"), dir.resolve("key.pem"));
        }
        Path conf = dir.resolve("nginx.conf");
        Path errorLog = dir.resolve("error.log");
        Daemon daemon =
            Daemon.start("nginx", port -> {
              Files.writeString(conf, config(dir, port));
              return new Daemon.Launch(
                  List.of(nginx.toString(), "-p", dir.toString(), "-e", errorLog.toString(), "-c", conf.toString(),
                      "-g", "daemon off;"),
                  dir.resolve("nginx.stderr"),
                  List.of(errorLog));
            });
        return new Nginx(daemon, tls, dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String listener(Path dir, int port) {
      String listen = "listen 127.0.0.1:" + port + (tls ? " ssl" : "") + (http2 ? " http2" : "") + ";";
      if (!tls) {
        return listen;
      }
      return listen
          + "\n    ssl_certificate " + dir.resolve("cert.pem") + ";"
          + "\n    ssl_certificate_key " + dir.resolve("key.pem") + ";";
    }

    private String config(Path dir, int port) {
      StringBuilder locations = new StringBuilder();
      for (Map.Entry<String, Long> entry : throttled.entrySet()) {
        locations.append("    location ").append(entry.getKey()).append(" {\n")
            .append("      alias ").append(docRoot).append("/;\n")
            .append("      limit_rate ").append(entry.getValue()).append(";\n")
            .append("    }\n");
      }
      Path temp = dir.resolve("temp");
      return """
          # Generated by the dlm integration-test harness.
          %s
          worker_processes 1;
          pid %s;
          error_log %s info;
          events { worker_connections 1024; }
          http {
            %s
            access_log %s served;
            client_body_temp_path %s/body;
            proxy_temp_path %s/proxy;
            fastcgi_temp_path %s/fastcgi;
            uwsgi_temp_path %s/uwsgi;
            scgi_temp_path %s/scgi;
            default_type application/octet-stream;
            sendfile on;
            keepalive_requests 100000;
            server {
              %s
              root %s;
              location / { }
              location = %s { stub_status; access_log off; }
          %s  }
          }
          """
          .formatted(
              runsAsRoot() ? "user root root;  # workers must read files in the test's private temp dirs" : "",
              dir.resolve("nginx.pid"),
              dir.resolve("error.log"),
              AccessLog.FORMAT,
              dir.resolve("access.log"),
              temp, temp, temp, temp, temp,
              listener(dir, port),
              docRoot,
              STATUS_PATH,
              locations);
    }
  }

  /** The URL of a path on this server, e.g. {@code url("/file.bin")}. */
  public URI url(String path) {
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + daemon.port() + path);
  }

  /** The server's record of every request it served. */
  public AccessLog accessLog() {
    return accessLog;
  }

  /**
   * Waits, bounded, until nginx has no client connection open, so every request (including those
   * whose client was killed) has reached the access log. It reads nginx's status page over plain
   * HTTP, so a {@link Builder#tls()} server does not offer it.
   */
  public void awaitIdle(Duration timeout) {
    if (tls) {
      throw new IllegalStateException("awaitIdle reads the status page over plain HTTP; this nginx serves HTTPS");
    }
    Awaitility.await("nginx to close every client connection")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> activeConnections() <= 1); // the status request itself is one
  }

  /** Stops this nginx (fast shutdown) and, if it does not go, kills it and its own workers. */
  @Override
  public void close() {
    daemon.close();
  }

  /** The directory holding the config and logs, for failure messages. */
  public Path workDir() {
    return workDir;
  }

  private int activeConnections() {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(url(STATUS_PATH)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = ACTIVE.matcher(response.body());
      if (!m.find()) {
        throw new IllegalStateException("unexpected nginx status page: " + response.body());
      }
      return Integer.parseInt(m.group(1));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean runsAsRoot() {
    try {
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
