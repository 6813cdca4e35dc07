package dev.dlm.daemon.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void everySettingHasAUniqueNameAndItsDefaultSurvivesFormatAndParse() {
    assertThat(Settings.ALL).extracting(Setting::name).doesNotHaveDuplicates();
    for (Setting<?> s : Settings.ALL) {
      assertThat(s.parse(s.format(s.defaultValue()).isEmpty() ? "" : s.format(s.defaultValue())))
          .as(s.name())
          .isEqualTo(s.defaultValue());
    }
  }

  @Test
  void patchChangesRuntimeSettingsAndTellsListeners() {
    Settings settings = Settings.defaults();
    AtomicInteger calls = new AtomicInteger();
    settings.onChange(s -> calls.incrementAndGet());

    Map<String, String> changed =
        settings.patch(Map.of("maxConcurrent", "2", "globalLimitRate", "5M"));

    assertThat(changed).containsEntry("maxConcurrent", "2").containsEntry("globalLimitRate", "5M");
    assertThat(settings.get(Settings.MAX_CONCURRENT)).isEqualTo(2);
    assertThat(settings.get(Settings.GLOBAL_LIMIT_RATE)).isEqualTo(5L << 20);
    assertThat(calls).hasValue(1);
  }

  @Test
  void patchRefusesSettingsThatCannotChangeAtRunTimeAndChangesNothing() {
    Settings settings = Settings.defaults();

    assertThatThrownBy(() -> settings.patch(Map.of("maxConcurrent", "2", "listen", "0.0.0.0:1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listen cannot change while the daemon runs");
    assertThat(settings.get(Settings.MAX_CONCURRENT)).isEqualTo(5);
  }

  @Test
  void patchRefusesUnknownNamesAndBadValues() {
    Settings settings = Settings.defaults();

    assertThatThrownBy(() -> settings.patch(Map.of("colour", "blue")))
        .hasMessageContaining("unknown setting 'colour'");
    assertThatThrownBy(() -> settings.patch(Map.of("maxConcurrent", "0")))
        .hasMessageContaining("maxConcurrent")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> settings.patch(Map.of("globalLimitRate", "fast")))
        .hasMessageContaining("globalLimitRate");
  }

  @Test
  void describeHidesTheSecret() {
    Settings settings = Settings.defaults().with(Map.of("secret", "hunter2"));

    assertThat(settings.describe()).containsEntry("secret", "***").doesNotContainValue("hunter2");
    assertThat(settings.get(Settings.SECRET)).isEqualTo("hunter2");
  }

  @Test
  void optionNamesAreKebabCase() {
    assertThat(Settings.MAX_CONCURRENT.optionName()).isEqualTo("--max-concurrent");
    assertThat(Settings.LISTEN.optionName()).isEqualTo("--listen");
  }

  @Test
  void ratesAndDurationsReadTheSpellingsUsersWrite() {
    assertThat(Rates.parseBytesPerSecond("500K")).isEqualTo(500 * 1024);
    assertThat(Rates.parseBytesPerSecond("1.5M")).isEqualTo(3 * 512 * 1024);
    assertThat(Rates.parseBytesPerSecond("2MiB/s")).isEqualTo(2 << 20);
    assertThat(Rates.parseBytesPerSecond("1000")).isEqualTo(1000);
    assertThat(Rates.format(5L << 20)).isEqualTo("5M");
    assertThat(Settings.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Settings.formatDuration(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThatThrownBy(() -> Rates.parseBytesPerSecond("-1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listenKnowsLoopback() {
    assertThat(Listen.parse("127.0.0.1:6800").loopback()).isTrue();
    assertThat(Listen.parse("[::1]:6800").loopback()).isTrue();
    assertThat(Listen.parse("0.0.0.0:6800").loopback()).isFalse();
    assertThatThrownBy(() -> Listen.parse("6800")).hasMessageContaining("HOST:PORT");
  }
}
