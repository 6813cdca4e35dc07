package dev.dlm.cli.get;

import dev.dlm.cli.ExitCode;
import dev.dlm.cli.Main;
import dev.dlm.cli.RateConverter;
import dev.dlm.cli.Shell;
import dev.dlm.cli.UsageError;
import dev.dlm.cli.progress.ProgressMode;
import dev.dlm.cli.progress.ProgressView;
import dev.dlm.core.DownloadRequest;
import dev.dlm.core.RetryPolicy;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import dev.dlm.spi.ProtocolContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code dlm get}: downloads in the foreground with the embedded engine, no daemon needed.
 *
 * <p>Each option is declared once here with its help text. {@link #plan} turns the options into
 * the engine's inputs (checking every value first, so a bad command line starts nothing), and
 * {@link #call} runs them. Rerunning the same command builds the same {@link DownloadRequest}s
 * (absolute directory, same name), so the engine finds the same jobs and resumes them.
 */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Download URLs in the foreground, over many connections, with resume.",
      "Running the same command again after an interruption resumes where it stopped."
    },
    footer = {
      "",
      "Exit codes: 0 all succeeded, 1 a download failed, 2 usage error, 130 interrupted"
          + " (run the same command again to resume)."
    })
public final class GetCommand implements Callable<Integer> {

  /** The most connections one download may use ({@code -x}). */
  static final int MAX_CONNECTIONS = 16;

  static final String DEFAULT_JOBS = "5";
  static final String DEFAULT_CONNECT_TIMEOUT = "10";
  static final String DEFAULT_READ_TIMEOUT = "30";
  static final String DEFAULT_MAX_TRIES = "5";

  @ParentCommand private Main dlm;

  @Parameters(
      paramLabel = "URL",
      arity = "0..*",
      description = "What to download: one or more URLs.")
  private List<String> urls = new ArrayList<>();

  @Option(
      names = {"-d", "--dir"},
      paramLabel = "DIR",
      description = "Directory to save into; created if missing (default: the current directory).")
  private Path directory;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "NAME",
      description =
          "File name to save as, inside DIR; one URL only (default: the server's name or the"
              + " URL's last segment).")
  private String output;

  @Option(
      names = {"-x", "--connections"},
      paramLabel = "N",
      description =
          "Connections for each download, 1 to 16 (default: by size, up to 16; one over FTP and SFTP).")
  private Integer connections;

  @Option(
      names = "--limit-rate",
      paramLabel = "RATE",
      converter = RateConverter.class,
      description =
          "Speed cap of each download in bytes per second, K/M/G in binary multiples:"
              + " 500K, 5M, 1.5M (default: 0, unlimited).")
  private long limitBytesPerSecond;

  @Option(
      names = "--checksum",
      paramLabel = "ALGO=HEX",
      converter = Converters.Checksum.class,
      description =
          "Expected digest of the file (sha-256, sha-1, sha-512 or md5); a mismatch fails the"
              + " download.")
  private ContentDigest checksum;

  @Option(
      names = "--overwrite",
      description = "Replace an existing file (default: keep it and save as 'name (1).ext').")
  private boolean overwrite;

  @Option(
      names = {"-i", "--input-file"},
      paramLabel = "FILE",
      description =
          "Read URLs from FILE, one a line; blank lines and lines starting with # are skipped;"
              + " '-' reads standard input.")
  private String inputFile;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = DEFAULT_JOBS,
      description = "Downloads at once, like aria2c -j (default: ${DEFAULT-VALUE}).")
  private int jobs;

  @Option(
      names = {"-H", "--header"},
      paramLabel = "'K: V'",
      converter = Converters.HeaderLine.class,
      description = "Extra request header; repeat for several.")
  private List<Header> headers = new ArrayList<>();

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      description =
          "Proxy: http://, https:// or socks5://HOST:PORT (default: http_proxy, https_proxy,"
              + " all_proxy and no_proxy from the environment).")
  private String proxy;

  @Option(
      names = {"-k", "--insecure"},
      description = "Do not verify TLS certificates and host names (only for servers you trust).")
  private boolean insecure;

  @Option(
      names = "--http1.1",
      description =
          "Use HTTP/1.1 only. By default probes and small files on an https:// server that offers"
              + " HTTP/2 share one HTTP/2 connection; segments of big files always use HTTP/1.1.")
  private boolean http11;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print nothing but errors.")
  private boolean quiet;

  @Option(
      names = "--progress",
      paramLabel = "STYLE",
      converter = Converters.Progress.class,
      completionCandidates = Converters.ProgressStyles.class,
      description =
          "bar (live bars), plain (a line every few seconds) or json (one JSON object per event)"
              + " (default: bar on a terminal, plain otherwise).")
  private ProgressMode progress;

  @Option(
      names = "--load-cookies",
      paramLabel = "FILE",
      description = "Send cookies from FILE, in the Netscape format of curl, wget and browsers.")
  private Path cookieFile;

  @Option(
      names = "--netrc-file",
      paramLabel = "FILE",
      description = "Read logins from FILE (default: ~/.netrc if it exists).")
  private Path netrcFile;

  @Option(
      names = "--connect-timeout",
      paramLabel = "SECONDS",
      defaultValue = DEFAULT_CONNECT_TIMEOUT,
      converter = Converters.Seconds.class,
      description = "Give up on a connection attempt after this long (default: ${DEFAULT-VALUE}).")
  private Duration connectTimeout;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = DEFAULT_READ_TIMEOUT,
      converter = Converters.Seconds.class,
      description =
          "Drop and retry a connection that receives nothing for this long"
              + " (default: ${DEFAULT-VALUE}).")
  private Duration readTimeout;

  @Option(
      names = "--max-tries",
      paramLabel = "N",
      defaultValue = DEFAULT_MAX_TRIES,
      description =
          "Tries of each part after transient errors (timeouts, resets, 5xx, 429) before the"
              + " download fails (default: ${DEFAULT-VALUE}).")
  private int maxTries;

  @Option(
      names = {"-r", "--recursive"},
      description = "Allow a directory URL (FTP, SFTP) to download everything below it.")
  private boolean recursive;

  @Option(names = "--ftp-tls", description = "Use explicit TLS (AUTH TLS) on ftp:// URLs.")
  private boolean ftpTls;

  @Option(
      names = "--ftp-active",
      description = "Use active FTP (the server connects back) instead of passive.")
  private boolean ftpActive;

  @Option(
      names = "--accept-new-host-key",
      description =
          "Trust the host key of an SFTP server seen for the first time"
              + " (a changed key is still refused).")
  private boolean acceptNewHostKey;

  @Option(
      names = "--ssh-key",
      paramLabel = "FILE",
      description = "Private key file for SFTP logins.")
  private Path sshKey;

  @Option(
      names = "--known-hosts",
      paramLabel = "FILE",
      description =
          "The known_hosts file that SFTP host keys are checked against (and new ones recorded in"
              + " with --accept-new-host-key); default ~/.ssh/known_hosts.")
  private Path knownHosts;

  @Override
  public Integer call() {
    Shell shell = dlm.shell();
    GetPlan plan = plan(shell);
    ProgressView view = ProgressView.create(plan.progress(), shell);
    try (EmbeddedEngine engine = EmbeddedEngine.open(dlm.home(), plan.context(), plan.retry())) {
      return new DownloadBatch(engine, plan.jobs(), view, shell.interrupts(), shell.err())
          .run(plan.requests());
    } catch (EmbeddedEngine.StartFailure e) {
      view.rejected(e.getMessage());
      return ExitCode.FAILED;
    }
  }

  /**
   * Checks every option and builds what the engine needs; throws {@link UsageError} at the first
   * bad value, before anything starts.
   */
  GetPlan plan(Shell shell) {
    List<String> all = new ArrayList<>(urls);
    if (inputFile != null) {
      all.addAll(Urls.readInputFile(inputFile, shell.workingDirectory(), shell.in()));
    }
    if (all.isEmpty()) {
      throw new UsageError(
          "no URL given; name at least one URL, or a file of URLs with -i (see 'dlm get --help')");
    }
    if (output != null && all.size() > 1) {
      throw new UsageError(
          "-o names one file but "
              + all.size()
              + " URLs were given; drop -o, or run dlm get once per URL");
    }
    Optional<String> fileName = Optional.ofNullable(output).map(GetCommand::checkFileName);
    if (connections != null && (connections < 1 || connections > MAX_CONNECTIONS)) {
      throw new UsageError(
          "-x must be between 1 and " + MAX_CONNECTIONS + ", got " + connections
              + "; leave it out for an automatic choice");
    }
    if (jobs < 1) {
      throw new UsageError("-j must be at least 1, got " + jobs + "; it is how many downloads run at once");
    }
    if (maxTries < 1) {
      throw new UsageError("--max-tries must be at least 1, got " + maxTries + "; 1 means no retries");
    }
    List<URI> uris = all.stream().map(Urls::parse).toList();
    Path dir = shell.workingDirectory().resolve(directory == null ? Path.of("") : directory);
    List<DownloadRequest> requests = new ArrayList<>();
    for (URI uri : uris) {
      requests.add(
          new DownloadRequest(
              List.of(uri),
              dir,
              fileName,
              connections == null ? 0 : connections,
              limitBytesPerSecond,
              Optional.ofNullable(checksum),
              headers,
              overwrite,
              recursive));
    }
    ProtocolContext defaults = ProtocolContext.defaults();
    ProtocolContext context =
        new ProtocolContext(
            connectTimeout,
            readTimeout,
            insecure,
            Optional.ofNullable(proxy).map(GetCommand::parseProxy),
            readable(netrcFile, "netrc file", "--netrc-file", shell),
            readable(cookieFile, "cookie file", "--load-cookies", shell),
            "dlm/" + Main.version(),
            defaults.maxConnectionsPerHost(),
            protocolOptions(shell),
            shell.prompt(),
            defaults.clock());
    RetryPolicy retry = RetryPolicy.defaults();
    ProgressMode mode =
        quiet
            ? ProgressMode.QUIET
            : progress != null
                ? progress
                : shell.terminal().isPresent() ? ProgressMode.BAR : ProgressMode.PLAIN;
    return new GetPlan(
        requests,
        context,
        new RetryPolicy(maxTries, retry.baseDelay(), retry.maxDelay()),
        jobs,
        mode);
  }

  private Map<String, String> protocolOptions(Shell shell) {
    Map<String, String> options = new HashMap<>();
    if (http11) {
      options.put("http.version", "1.1");
    }
    if (ftpTls) {
      options.put("ftp.tls", "explicit");
    }
    if (ftpActive) {
      options.put("ftp.mode", "active");
    }
    if (acceptNewHostKey) {
      options.put("sftp.acceptNewHostKey", "true");
    }
    readable(sshKey, "SSH key", "--ssh-key", shell)
        .ifPresent(key -> options.put("sftp.identity", key.toString()));
    if (knownHosts != null) {
      options.put("sftp.knownHosts", shell.workingDirectory().resolve(knownHosts).toString());
    }
    return options;
  }

  private static Optional<Path> readable(Path file, String what, String option, Shell shell) {
    if (file == null) {
      return Optional.empty();
    }
    Path resolved = shell.workingDirectory().resolve(file);
    if (!Files.isRegularFile(resolved) || !Files.isReadable(resolved)) {
      throw new UsageError(
          "cannot read the " + what + " '" + file + "'; check the path given to " + option);
    }
    return Optional.of(resolved);
  }

  private static String checkFileName(String name) {
    if (name.isBlank() || name.equals(".") || name.equals("..")) {
      throw new UsageError("-o '" + name + "' is not a file name; give a name such as file.iso");
    }
    if (name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
      throw new UsageError(
          "-o takes a file name, not a path ('" + name + "'); put the directory in -d");
    }
    return name;
  }

  private static URI parseProxy(String text) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!Set.of("http", "https", "socks5", "socks5h").contains(scheme) || uri.getHost() == null) {
        throw new URISyntaxException(text, "not a proxy URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new UsageError(
          "invalid proxy '"
              + Urls.hideUserInfo(text)
              + "'; give http://HOST:PORT, https://HOST:PORT or socks5://HOST:PORT");
    }
  }
}
