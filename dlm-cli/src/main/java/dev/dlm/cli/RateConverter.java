package dev.dlm.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a rate in bytes per second as aria2 and curl spell it: a number with an optional {@code K},
 * {@code M} or {@code G} suffix in binary multiples ({@code 500K} = 512,000 bytes/s, {@code 1.5M} =
 * 1,572,864 bytes/s); {@code 0} means unlimited.
 */
public final class RateConverter implements ITypeConverter<Long> {

  @Override
  public Long convert(String text) {
    try {
      return parseBytesPerSecond(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  /** The rate {@code text} in bytes per second; throws with a one-line explanation if malformed. */
  public static long parseBytesPerSecond(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw malformed(text);
    }
    char last = Character.toUpperCase(trimmed.charAt(trimmed.length() - 1));
    int shift =
        switch (last) {
          case 'K' -> 10;
          case 'M' -> 20;
          case 'G' -> 30;
          default -> 0;
        };
    String number = shift == 0 ? trimmed : trimmed.substring(0, trimmed.length() - 1);
    if (!number.matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
      throw malformed(text);
    }
    BigDecimal bytes = new BigDecimal(number).multiply(BigDecimal.valueOf(1L << shift));
    if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("rate '" + text + "' is too large; use 0 for unlimited");
    }
    long rounded = bytes.setScale(0, RoundingMode.HALF_UP).longValueExact();
    if (rounded == 0 && bytes.signum() > 0) {
      throw new IllegalArgumentException(
          "rate '" + text + "' is below one byte per second; use 0 for unlimited");
    }
    return rounded;
  }

  private static IllegalArgumentException malformed(String text) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a rate; give bytes per second with an optional K, M or G suffix, "
            + "such as 500K, 5M or 1.5M (0 = unlimited)");
  }
}
