package dev.dlm.store.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.dlm.core.DownloadRequest;
import dev.dlm.spi.ContentDigest;
import dev.dlm.spi.Header;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link DownloadRequest} as the JSON of the {@code request} column.
 *
 * <p>Written field by field rather than by reflection, so renaming a Java component never silently
 * changes what is on disk. Absent fields read as their defaults and unknown ones are skipped, so a
 * field added later needs no migration of existing rows. Jackson's streaming layer rather than
 * {@code ObjectMapper}: opening the store is on the path of every {@code dlm get}, and the mapper
 * costs a few hundred milliseconds of class loading that a dozen fields do not need.
 */
final class RequestJson {

  /** Parse errors never quote the text: stored requests may carry tokens in their headers. */
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private RequestJson() {}

  static String write(DownloadRequest request) {
    StringWriter text = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(text)) {
      json.writeStartObject();
      json.writeArrayFieldStart("urls");
      for (URI uri : request.sources()) {
        json.writeString(uri.toString());
      }
      json.writeEndArray();
      json.writeStringField("directory", request.directory().toString());
      if (request.fileName().isPresent()) {
        json.writeStringField("fileName", request.fileName().get());
      }
      json.writeNumberField("maxConnections", request.maxConnections());
      json.writeNumberField("limitBytesPerSecond", request.limitBytesPerSecond());
      if (request.checksum().isPresent()) {
        json.writeStringField("checksum", request.checksum().get().toString());
      }
      json.writeArrayFieldStart("headers");
      for (Header header : request.headers()) {
        json.writeStartObject();
        json.writeStringField("name", header.name());
        json.writeStringField("value", header.value());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeBooleanField("overwrite", request.overwrite());
      json.writeBooleanField("recursive", request.recursive());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a request as JSON", e);
    }
    return text.toString();
  }

  /**
   * Reads {@link #write}'s output.
   *
   * @throws IllegalArgumentException if the text is not such a request
   */
  static DownloadRequest read(String text) {
    List<URI> urls = new ArrayList<>();
    Path directory = null;
    Optional<String> fileName = Optional.empty();
    int maxConnections = 0;
    long limitBytesPerSecond = 0;
    Optional<ContentDigest> checksum = Optional.empty();
    List<Header> headers = new ArrayList<>();
    boolean overwrite = false;
    boolean recursive = false;
    try (JsonParser json = JSON.createParser(text)) {
      expect(json, JsonToken.START_OBJECT);
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "urls" -> {
            expectCurrent(json, JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.VALUE_STRING) {
              urls.add(URI.create(json.getText()));
            }
            expectCurrent(json, JsonToken.END_ARRAY);
          }
          case "directory" -> directory = Path.of(json.getValueAsString());
          case "fileName" -> fileName = Optional.ofNullable(json.getValueAsString());
          case "maxConnections" -> maxConnections = json.getValueAsInt();
          case "limitBytesPerSecond" -> limitBytesPerSecond = json.getValueAsLong();
          case "checksum" ->
              checksum = Optional.ofNullable(json.getValueAsString()).map(ContentDigest::parse);
          case "headers" -> {
            expectCurrent(json, JsonToken.START_ARRAY);
            while (json.nextToken() == JsonToken.START_OBJECT) {
              headers.add(header(json));
            }
            expectCurrent(json, JsonToken.END_ARRAY);
          }
          case "overwrite" -> overwrite = json.getValueAsBoolean();
          case "recursive" -> recursive = json.getValueAsBoolean();
          default -> {
            if (value.isStructStart()) {
              json.skipChildren();
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("the stored request is not valid JSON", e);
    }
    if (directory == null) {
      throw new IllegalArgumentException("the stored request has no directory");
    }
    return new DownloadRequest(
        urls,
        directory,
        fileName,
        maxConnections,
        limitBytesPerSecond,
        checksum,
        headers,
        overwrite,
        recursive);
  }

  private static Header header(JsonParser json) throws IOException {
    String name = null;
    String value = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken token = json.nextToken();
      switch (field) {
        case "name" -> name = json.getValueAsString();
        case "value" -> value = json.getValueAsString();
        default -> {
          if (token.isStructStart()) {
            json.skipChildren();
          }
        }
      }
    }
    if (name == null || value == null) {
      throw new IllegalArgumentException("a stored header lacks its name or value");
    }
    return new Header(name, value);
  }

  private static void expect(JsonParser json, JsonToken token) throws IOException {
    json.nextToken();
    expectCurrent(json, token);
  }

  private static void expectCurrent(JsonParser json, JsonToken token) {
    if (json.currentToken() != token) {
      throw new IllegalArgumentException(
          "the stored request has " + json.currentToken() + " where " + token + " belongs");
    }
  }
}
