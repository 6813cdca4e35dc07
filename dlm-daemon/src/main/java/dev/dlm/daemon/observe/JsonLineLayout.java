package dev.dlm.daemon.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per log line, for {@code --log-format json}: time, level, logger, thread,
 * message, then the event's MDC entries and SLF4J key-value pairs as fields ({@code download},
 * {@code protocol}, {@code bytes}, {@code elapsedMs}, ...). Written here with the Jackson the
 * daemon already carries rather than adding logstash-logback-encoder for the same ten fields.
 */
public final class JsonLineLayout extends LayoutBase<ILoggingEvent> {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String doLayout(ILoggingEvent event) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("time", Instant.ofEpochMilli(event.getTimeStamp()).toString());
    line.put("level", event.getLevel().toString());
    line.put("logger", event.getLoggerName());
    line.put("thread", event.getThreadName());
    line.put("message", event.getFormattedMessage());
    event.getMDCPropertyMap().forEach(line::putIfAbsent);
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair kv : event.getKeyValuePairs()) {
        line.putIfAbsent(kv.key, kv.value);
      }
    }
    IThrowableProxy error = event.getThrowableProxy();
    if (error != null) {
      line.put("error", error.getClassName() + ": " + error.getMessage());
    }
    try {
      return MAPPER.writeValueAsString(line) + "\n";
    } catch (JsonProcessingException e) {
      return "{\"message\":\"unloggable event\"}\n";
    }
  }
}
