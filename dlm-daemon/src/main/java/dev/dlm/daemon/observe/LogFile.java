package dev.dlm.daemon.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.dlm.daemon.settings.LogFormat;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the process's logging at the home's log file, as text lines or JSON lines. Called once by
 * the {@code dlm daemon} command (tests and embeddings keep their own logging). Nothing the daemon
 * logs contains a token, a cookie or an Authorization header: request logs carry method, path and
 * status only, and request headers are shown through {@link dev.dlm.spi.Header#toString()}, which
 * hides secret values.
 */
public final class LogFile {

  private LogFile() {}

  public static void configure(Path file, LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    context.reset();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("file");
    appender.setFile(file.toString());
    appender.setAppend(true);
    if (format == LogFormat.JSON) {
      LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
      JsonLineLayout layout = new JsonLineLayout();
      layout.setContext(context);
      layout.start();
      encoder.setLayout(layout);
      encoder.setContext(context);
      encoder.start();
      appender.setEncoder(encoder);
    } else {
      PatternLayoutEncoder encoder = new PatternLayoutEncoder();
      encoder.setContext(context);
      encoder.setPattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0} %X{download} %msg %kvp%n");
      encoder.start();
      appender.setEncoder(encoder);
    }
    appender.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("io.javalin").setLevel(Level.WARN);
  }
}
