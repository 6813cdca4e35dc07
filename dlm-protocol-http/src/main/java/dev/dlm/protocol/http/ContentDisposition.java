package dev.dlm.protocol.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file name a Content-Disposition header suggests (RFC 6266): {@code filename*} (RFC 8187,
 * UTF-8 or ISO-8859-1, percent-encoded) wins over {@code filename}. The name is returned raw, with
 * any {@code ../} or slashes intact: sanitising is the engine's job, in one place for every
 * protocol.
 */
final class ContentDisposition {

  private ContentDisposition() {}

  static Optional<String> fileName(String headerValue) {
    Map<String, String> parameters = parameters(headerValue);
    Optional<String> extended =
        Optional.ofNullable(parameters.get("filename*"))
            .flatMap(ContentDisposition::decodeExtended);
    return extended
        .or(
            () ->
                Optional.ofNullable(parameters.get("filename")).map(ContentDisposition::utf8Rescue))
        .filter(name -> !name.isEmpty());
  }

  /** Splits {@code type; name=value; name="quoted \" value"} into lower-case names and values. */
  private static Map<String, String> parameters(String header) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      i++;
      int eq = header.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      int j = eq + 1;
      while (j < header.length() && header.charAt(j) == ' ') {
        j++;
      }
      StringBuilder value = new StringBuilder();
      if (j < header.length() && header.charAt(j) == '"') {
        j++;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j++);
          if (c == '\\' && j < header.length()) {
            c = header.charAt(j++);
          }
          value.append(c);
        }
        j = header.indexOf(';', j);
      } else {
        int end = header.indexOf(';', j);
        value.append(header, j, end < 0 ? header.length() : end);
        j = end;
      }
      parameters.putIfAbsent(name, value.toString().strip());
      i = j;
    }
    return parameters;
  }

  /** Decodes {@code charset'language'percent-encoded}; empty when malformed or unknown charset. */
  private static Optional<String> decodeExtended(String value) {
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0) {
      return Optional.empty();
    }
    Charset charset =
        switch (value.substring(0, first).trim().toUpperCase(Locale.ROOT)) {
          case "UTF-8" -> StandardCharsets.UTF_8;
          case "ISO-8859-1" -> StandardCharsets.ISO_8859_1;
          default -> null;
        };
    if (charset == null) {
      return Optional.empty();
    }
    return percentDecode(value.substring(second + 1), charset);
  }

  static Optional<String> percentDecode(String text, Charset charset) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return Optional.empty();
        }
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(charset));
      }
    }
    try {
      return Optional.of(
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /**
   * Servers often send raw UTF-8 in {@code filename}, which arrives as ISO-8859-1 characters;
   * re-decode it when that gives valid UTF-8.
   */
  private static String utf8Rescue(String name) {
    if (name.chars().allMatch(c -> c < 0x80) || name.chars().anyMatch(c -> c > 0xFF)) {
      return name;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(name.getBytes(StandardCharsets.ISO_8859_1)))
          .toString();
    } catch (CharacterCodingException e) {
      return name;
    }
  }
}
