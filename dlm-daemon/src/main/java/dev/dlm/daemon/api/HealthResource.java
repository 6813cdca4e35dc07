package dev.dlm.daemon.api;

import io.javalin.config.RoutesConfig;
import java.util.Map;

/** {@code GET /health}: open to anyone (load balancers, the CLI's "is a daemon there?" probe). */
public final class HealthResource {

  private HealthResource() {}

  /** Registers the route. */
  public static void routes(RoutesConfig routes) {
    routes.get("/health", ctx -> Json.write(ctx, 200, Map.of("status", "ok", "service", "dlm")));
  }
}
