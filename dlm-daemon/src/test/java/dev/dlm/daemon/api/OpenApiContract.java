package dev.dlm.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Holds every answer a test receives to {@code openapi.yaml}: the path and method are documented,
 * the status is one the operation lists, the media type matches, and a JSON body has every required
 * field of its schema (following {@code $ref}s, arrays and nested objects) with the declared JSON
 * type. A full validator library would add a dozen jars for little more than this.
 */
final class OpenApiContract {

  private final JsonNode root;

  OpenApiContract() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream(OpenApiResource.RESOURCE)) {
      root = new ObjectMapper(new YAMLFactory()).readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void check(String method, String path, int status, String contentType, String body) {
    String where = method + " " + path + " -> " + status;
    JsonNode operation = operation(method, path);
    if (operation == null) {
      // An undocumented endpoint may only answer that it does not exist, as a problem document.
      assertThat(status).as("%s is not in openapi.yaml", where).isIn(404, 405);
      assertThat(contentType).as(where).startsWith(Problem.MEDIA_TYPE);
      return;
    }
    JsonNode response = operation.path("responses").get(String.valueOf(status));
    assertThat(response).as("%s: status not documented", where).isNotNull();
    response = resolve(response);
    JsonNode content = response.path("content");
    if (content.isMissingNode() || content.isEmpty()) {
      return;
    }
    String mediaType =
        contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    assertThat(content.has(mediaType))
        .as("%s: media type %s not documented", where, mediaType)
        .isTrue();
    if (mediaType.endsWith("json")) {
      JsonNode json;
      try {
        json = new ObjectMapper().readTree(body);
      } catch (IOException e) {
        throw new AssertionError(where + ": body is not JSON: " + body, e);
      }
      conform(json, content.get(mediaType).path("schema"), where);
    }
  }

  private JsonNode operation(String method, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("paths").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String regex = entry.getKey().replaceAll("\\{[^/]+}", "[^/]+");
      if (path.matches(regex)) {
        return entry.getValue().get(method.toLowerCase(Locale.ROOT));
      }
    }
    return null;
  }

  private JsonNode resolve(JsonNode node) {
    while (node.has("$ref")) {
      String[] parts = node.get("$ref").asText().substring(2).split("/");
      JsonNode target = root;
      for (String p : parts) {
        target = target.path(p);
      }
      node = target;
    }
    return node;
  }

  private void conform(JsonNode value, JsonNode schema, String where) {
    schema = resolve(schema);
    if (schema.has("oneOf")) {
      for (JsonNode option : schema.get("oneOf")) {
        try {
          conform(value, option, where);
          return;
        } catch (AssertionError e) {
          // try the next option
        }
      }
      throw new AssertionError(where + ": " + value + " matches no option of " + schema);
    }
    JsonNode type = schema.get("type");
    if (type != null) {
      boolean ok = false;
      for (JsonNode t : type.isArray() ? type : new ObjectMapper().createArrayNode().add(type)) {
        ok |= typeMatches(value, t.asText());
      }
      assertThat(ok).as("%s: %s is not of type %s", where, value, type).isTrue();
    }
    if (value.isObject()) {
      for (JsonNode required : schema.path("required")) {
        assertThat(value.has(required.asText()))
            .as("%s: required field %s missing in %s", where, required.asText(), value)
            .isTrue();
      }
      schema
          .path("properties")
          .fields()
          .forEachRemaining(
              p -> {
                if (value.has(p.getKey())) {
                  conform(value.get(p.getKey()), p.getValue(), where + "." + p.getKey());
                }
              });
    }
    if (value.isArray() && schema.has("items")) {
      for (JsonNode item : value) {
        conform(item, schema.get("items"), where + "[]");
      }
    }
    if (schema.has("enum") && !value.isNull()) {
      boolean listed = false;
      for (JsonNode e : schema.get("enum")) {
        listed |= e.equals(value);
      }
      assertThat(listed).as("%s: %s not in %s", where, value, schema.get("enum")).isTrue();
    }
  }

  private static boolean typeMatches(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> true;
    };
  }
}
