package dev.dlm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at the home's log file once the home is known, so the terminal shows only what the
 * command prints itself. With {@code --debug}, debug logs also go to standard error.
 *
 * <p>Wire and header logs of the HTTP client stay off at every level: they carry Authorization
 * headers and cookies, and dlm never logs secrets.
 */
final class Logging {

  private static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

  /** Loggers that would print credentials (request headers, cookies) at debug level. */
  private static final List<String> SECRET_LOGGERS =
      List.of("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers");

  private Logging() {}

  /**
   * Sends logs to {@code logFile} (created if needed; skipped silently if it cannot be), and with
   * {@code debug} to {@code err} as well.
   */
  static void configure(Path logFile, boolean debug, PrintWriter err) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(debug ? Level.DEBUG : Level.INFO);
    for (String name : SECRET_LOGGERS) {
      context.getLogger(name).setLevel(Level.OFF);
    }
    try {
      Files.createDirectories(logFile.getParent());
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern(PATTERN);
      encoder.start();
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setContext(context);
      file.setName("file");
      file.setFile(logFile.toString());
      file.setEncoder(encoder);
      file.setAppend(true);
      file.start();
      root.addAppender(file);
    } catch (IOException | RuntimeException e) {
      if (debug) {
        err.println("dlm: cannot write the log file " + logFile + ": " + e.getMessage());
      }
    }
    if (debug) {
      StreamAppender console = new StreamAppender(err);
      console.setContext(context);
      console.setName("stderr");
      console.start();
      root.addAppender(console);
    }
  }

  /** Turns logging off: what every command starts with, before its home is known. */
  static void silence() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }
  }

  /** Writes log lines to the command's standard error (which tests capture). */
  private static final class StreamAppender extends AppenderBase<ILoggingEvent> {

    private final PrintWriter err;
    private final PatternLayout layout = new PatternLayout();

    StreamAppender(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void start() {
      layout.setContext(getContext());
      layout.setPattern(PATTERN);
      layout.start();
      super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
      err.print(layout.doLayout(event));
      err.flush();
    }
  }
}
