package dev.dlm.cli.get;

import dev.dlm.cli.progress.ProgressMode;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the values of {@code dlm get}, each failing with one line of advice. */
final class Converters {

  private Converters() {}

  /** {@code ALGO=HEX} through {@link ContentDigest#parse}. */
  static final class Checksum implements ITypeConverter<ContentDigest> {
    @Override
    public ContentDigest convert(String text) {
      try {
        return ContentDigest.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code 'Name: value'} through {@link Header#parse}. */
  static final class HeaderLine implements ITypeConverter<Header> {
    @Override
    public Header convert(String text) {
      try {
        return Header.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code bar}, {@code plain} or {@code json}; {@code -q} is the way to ask for quiet. */
  static final class Progress implements ITypeConverter<ProgressMode> {
    @Override
    public ProgressMode convert(String text) {
      return switch (text.strip().toLowerCase(Locale.ROOT)) {
        case "bar" -> ProgressMode.BAR;
        case "plain" -> ProgressMode.PLAIN;
        case "json" -> ProgressMode.JSON;
        default ->
            throw new TypeConversionException(
                "unknown progress style '" + text + "'; use bar, plain or json");
      };
    }
  }

  /** The completion candidates of {@code --progress}. */
  static final class ProgressStyles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.asList("bar", "plain", "json").iterator();
    }
  }

  /** A positive number of seconds, fractions allowed ({@code 2.5}). */
  static final class Seconds implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String text) {
      try {
        BigDecimal seconds = new BigDecimal(text.strip());
        if (seconds.signum() <= 0) {
          throw new NumberFormatException();
        }
        return Duration.ofMillis(seconds.movePointRight(3).setScale(0, RoundingMode.UP).longValueExact());
      } catch (NumberFormatException | ArithmeticException e) {
        throw new TypeConversionException(
            "'" + text + "' is not a number of seconds; give a positive number such as 30 or 2.5");
      }
    }
  }
}
