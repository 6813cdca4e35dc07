package dev.dlm.daemon.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class JsonLineLayoutTest {

  @Test
  void writesOneJsonObjectALineWithMdcAndKeyValueFields() throws Exception {
    LoggerContext context = new LoggerContext();
    LoggingEvent event = new LoggingEvent();
    event.setLoggerName("dev.dlm.daemon.queue.DownloadQueue");
    event.setLevel(Level.INFO);
    event.setMessage("completed {}");
    event.setArgumentArray(new Object[] {"/tmp/a.iso"});
    event.setTimeStamp(0);
    event.setThreadName("dlm-queue");
    event.setLoggerContext(context);
    event.setMDCPropertyMap(Map.of("download", "0123456789abcdef"));
    event.setKeyValuePairs(
        List.of(
            new KeyValuePair("bytes", 1048576L),
            new KeyValuePair("elapsedMs", 42L),
            new KeyValuePair("protocol", "https")));

    String line = new JsonLineLayout().doLayout(event);

    assertThat(line).endsWith("\n").doesNotContain("\n{");
    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("message").asText()).isEqualTo("completed /tmp/a.iso");
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("time").asText()).isEqualTo("1970-01-01T00:00:00Z");
    assertThat(json.get("download").asText()).isEqualTo("0123456789abcdef");
    assertThat(json.get("bytes").asLong()).isEqualTo(1048576);
    assertThat(json.get("elapsedMs").asLong()).isEqualTo(42);
    assertThat(json.get("protocol").asText()).isEqualTo("https");
  }
}
