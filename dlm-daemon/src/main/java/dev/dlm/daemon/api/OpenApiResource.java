package dev.dlm.daemon.api;

import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** {@code GET /api/v1/openapi.yaml}: the API's own contract, the same file the tests hold it to. */
public final class OpenApiResource {

  /** Where the document lives on the class path. */
  public static final String RESOURCE = "/dev/dlm/daemon/api/openapi.yaml";

  private OpenApiResource() {}

  /** Registers the route. */
  public static void routes(RoutesConfig routes) {
    byte[] document = load();
    routes.get(
        "/api/v1/openapi.yaml",
        ctx -> ctx.status(200).contentType("application/yaml").result(document));
  }

  private static byte[] load() {
    try (InputStream in = OpenApiResource.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
