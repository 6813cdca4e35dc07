package dev.dlm.daemon.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The one JSON mapper of the API, and the helpers every resource uses to read and write bodies. */
public final class Json {

  /** Shared, thread-safe; unknown fields in answers are ignored so clients survive additions. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {}

  static void write(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(text(body));
  }

  static void problem(Context ctx, Problem problem) {
    ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(text(problem));
  }

  static String text(Object body) {
    try {
      return MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The request body as a JSON object, or a 400 problem saying what is wrong with it. */
  static ObjectNode object(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      throw ProblemException.badRequest("the request needs a JSON object body");
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ProblemException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw ProblemException.badRequest("the body must be a JSON object");
    }
    return object;
  }

  /** A scalar field as text (numbers and booleans in their JSON spelling), or a 400. */
  static String scalar(JsonNode node, String field) {
    if (node.isTextual()) {
      return node.asText();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    throw ProblemException.badRequest(field + " must be a string or a number");
  }
}
