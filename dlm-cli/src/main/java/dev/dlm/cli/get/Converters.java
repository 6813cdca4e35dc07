package dev.dlm.cli.get;

import dev.dlm.cli.progress.ProgressMode;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
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

  /**
   * A positive number of seconds, fractions allowed ({@code 2.5}), rounded up to whole
   * milliseconds. Parsed by hand: {@code BigDecimal}'s class initialiser alone cost every {@code
   * dlm get} about 10 ms, since picocli converts the options' default values on each run.
   */
  static final class Seconds implements ITypeConverter<Duration> {
    private static final int MILLIS_DIGITS = 3;

    @Override
    public Duration convert(String text) {
      String value = text.strip();
      int point = value.indexOf('.');
      String whole = point < 0 ? value : value.substring(0, point);
      String fraction = point < 0 ? "" : value.substring(point + 1);
      if (!digits(whole) || !digits(fraction) || whole.length() + fraction.length() == 0) {
        throw notSeconds(text);
      }
      String millis = (fraction + "000").substring(0, MILLIS_DIGITS);
      boolean roundUp = fraction.length() > MILLIS_DIGITS && !zeros(fraction.substring(MILLIS_DIGITS));
      try {
        long total =
            Math.addExact(
                Math.multiplyExact(whole.isEmpty() ? 0 : Long.parseLong(whole), 1000L),
                Long.parseLong(millis) + (roundUp ? 1 : 0));
        if (total <= 0) {
          throw notSeconds(text);
        }
        return Duration.ofMillis(total);
      } catch (NumberFormatException | ArithmeticException e) {
        throw notSeconds(text);
      }
    }

    private static boolean digits(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) < '0' || text.charAt(i) > '9') {
          return false;
        }
      }
      return true;
    }

    private static boolean zeros(String text) {
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) != '0') {
          return false;
        }
      }
      return true;
    }

    private static TypeConversionException notSeconds(String text) {
      return new TypeConversionException(
          "'" + text + "' is not a number of seconds; give a positive number such as 30 or 2.5");
    }
  }
}
