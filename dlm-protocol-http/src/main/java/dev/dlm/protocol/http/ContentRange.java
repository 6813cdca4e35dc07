package dev.dlm.protocol.http;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code Content-Range: bytes FIRST-LAST/TOTAL} (or {@code bytes *}{@code /TOTAL} on a 416).
 *
 * @param firstByte the first byte sent, -1 for the unsatisfied form
 * @param lastByte the last byte sent (inclusive), -1 for the unsatisfied form
 * @param totalBytes the full length, -1 when the server sends {@code *}
 */
record ContentRange(long firstByte, long lastByte, long totalBytes) {

  private static final Pattern SATISFIED = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED = Pattern.compile("bytes\\s+\\*/(\\d+)");

  static Optional<ContentRange> parse(String value) {
    String text = value.strip();
    Matcher m = SATISFIED.matcher(text);
    try {
      if (m.matches()) {
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (last < first || (total >= 0 && last >= total)) {
          return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, total));
      }
      Matcher u = UNSATISFIED.matcher(text);
      if (u.matches()) {
        return Optional.of(new ContentRange(-1, -1, Long.parseLong(u.group(1))));
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  long lengthBytes() {
    return lastByte - firstByte + 1;
  }

  @Override
  public String toString() {
    return "bytes " + firstByte + "-" + lastByte + "/" + (totalBytes < 0 ? "*" : totalBytes);
  }
}
