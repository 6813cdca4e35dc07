package dev.dlm.cli.get;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** The seconds of {@code --timeout} and {@code --connect-timeout}. */
class ConvertersTest {

  private final Converters.Seconds seconds = new Converters.Seconds();

  @ParameterizedTest
  @CsvSource({
    "30, 30000",
    "2.5, 2500",
    "' 7 ', 7000",
    ".5, 500",
    "5., 5000",
    "0.001, 1",
    "0.0001, 1",
    "1.0009, 1001",
    "1.0000, 1000",
    "86400, 86400000",
    "1e3, 1000000"
  })
  void positiveSecondsBecomeMillisecondsRoundedUp(String text, long millis) {
    assertThat(seconds.convert(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0.0", "0.0000", "", ".", "-1", "soon", "1.2.3", "1,5", "99999999999999999999"})
  void anythingElseIsOneLineOfAdvice(String text) {
    assertThatThrownBy(() -> seconds.convert(text))
        .isInstanceOf(TypeConversionException.class)
        .hasMessage("'" + text + "' is not a number of seconds; give a positive number such as 30 or 2.5");
  }
}
