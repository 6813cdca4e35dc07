package dev.dlm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.LoggerFactory;

/**
 * Points Logback at the home's log file once the home is known, so the terminal shows only what the
 * command prints itself. With {@code --debug}, debug logs also go to standard error.
 *
 * <p>Configured in code with an appender of its own that formats each line by hand: Logback's
 * pattern layouts parse their pattern and load some two hundred classes on every start, which a
 * one-second {@code dlm get} would pay for a log it seldom writes to.
 *
 * <p>Wire and header logs of the HTTP client stay off at every level: they carry Authorization
 * headers and cookies, and dlm never logs secrets.
 */
final class Logging {

  /** Loggers that would print credentials (request headers, cookies) at debug level. */
  private static final List<String> SECRET_LOGGERS =
      List.of("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

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
      Writer file =
          new OutputStreamWriter(
              new FileOutputStream(logFile.toFile(), true), StandardCharsets.UTF_8);
      root.addAppender(start(new LineAppender(file, true), context, "file"));
    } catch (IOException | RuntimeException e) {
      if (debug) {
        err.println("dlm: cannot write the log file " + logFile + ": " + e.getMessage());
      }
    }
    if (debug) {
      root.addAppender(start(new LineAppender(err, false), context, "stderr"));
    }
  }

  /** Turns logging off: what every command starts with, before its home is known. */
  static void silence() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.reset();
      context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }
  }

  private static LineAppender start(LineAppender appender, LoggerContext context, String name) {
    appender.setContext(context);
    appender.setName(name);
    appender.start();
    return appender;
  }

  /** {@code 2026-11-21 08:00:00,123 INFO  [thread] logger - message}, then the stack trace. */
  static String line(ILoggingEvent event) {
    StringBuilder line = new StringBuilder(160);
    line.append(
            TIME.format(
                LocalDateTime.ofInstant(event.getInstant(), ZoneId.systemDefault())))
        .append(' ')
        .append(event.getLevel())
        .repeat(' ', 5 - event.getLevel().toString().length())
        .append(" [")
        .append(event.getThreadName())
        .append("] ")
        .append(event.getLoggerName())
        .append(" - ")
        .append(event.getFormattedMessage())
        .append(System.lineSeparator());
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      line.append(ThrowableProxyUtil.asString(thrown)).append(System.lineSeparator());
    }
    return line.toString();
  }

  /** Writes each event as one {@link #line}; the lock keeps lines of concurrent threads whole. */
  private static final class LineAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Writer out;
    private final boolean owned;

    LineAppender(Writer out, boolean owned) {
      this.out = out;
      this.owned = owned;
    }

    @Override
    protected void append(ILoggingEvent event) {
      String line = line(event);
      lock.lock();
      try {
        out.write(line);
        out.flush();
      } catch (IOException e) {
        addError("cannot write a log line", e);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void stop() {
      super.stop();
      if (owned) {
        lock.lock();
        try {
          out.close();
        } catch (IOException e) {
          addError("cannot close the log", e);
        } finally {
          lock.unlock();
        }
      }
    }
  }
}
