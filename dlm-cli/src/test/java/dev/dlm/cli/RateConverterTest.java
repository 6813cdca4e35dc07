package dev.dlm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateConverterTest {

  @ParameterizedTest
  @CsvSource({
    "0, 0",
    "100, 100",
    "500K, 512000",
    "500k, 512000",
    "5M, 5242880",
    "1.5M, 1572864",
    "2G, 2147483648",
    "0.5K, 512",
    " 64K , 65536"
  })
  void readsRatesInBinaryMultiples(String text, long bytesPerSecond) {
    assertThat(RateConverter.parseBytesPerSecond(text)).isEqualTo(bytesPerSecond);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "K", "5Q", "-1", "1.5.5", "5 M", "five", "0.1", "1e3"})
  void rejectsAnythingElseWithAdvice(String text) {
    assertThatThrownBy(() -> RateConverter.parseBytesPerSecond(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(";");
  }
}
