package dev.dlm.daemon.api;

import dev.dlm.daemon.queue.QueueException;
import dev.dlm.daemon.settings.Listen;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the HTTP server: Javalin on Jetty 12 with a virtual thread per request, bound to one
 * address. It owns what every route shares, so no resource can forget it: the bearer token on
 * {@code /api/v1} and {@code /jsonrpc} (also on WebSocket upgrades, where browsers may send it as a
 * subprotocol or a query parameter instead; see {@link Auth}), the body size cap, and errors
 * as problem documents. CORS stays off: browsers on other origins cannot read the API.
 *
 * <p>Request logs carry method, path, status and time; never headers, so no token or cookie can
 * reach a log file.
 */
public final class ApiServer {

  /** Bodies larger than this are refused with 413; a download request is a few hundred bytes. */
  public static final long MAX_BODY_BYTES = 1 << 20;

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  /**
   * A server (not started) for {@code listen} that requires {@code token} and serves the routes the
   * {@code resources} register.
   */
  public static Javalin create(
      Listen listen, String token, List<String> corsOrigins, Consumer<RoutesConfig> resources) {
    Auth auth = new Auth(token);
    return Javalin.create(
        config -> {
          config.jetty.host = listen.host();
          config.jetty.port = listen.port();
          config.concurrency.useVirtualThreads = true;
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.maxRequestSize = MAX_BODY_BYTES;
          config.router.ignoreTrailingSlashes = true;
          config.requestLogger.http(
              (ctx, ms) ->
                  log.debug(
                      "{} {} {} {}ms",
                      ctx.method(),
                      ctx.path(),
                      ctx.status().getCode(),
                      ms.longValue()));
          if (!corsOrigins.isEmpty()) {
            config.bundledPlugins.enableCors(
                cors ->
                    cors.addRule(
                        rule -> {
                          rule.allowHost(
                              corsOrigins.getFirst(),
                              corsOrigins.subList(1, corsOrigins.size()).toArray(String[]::new));
                          rule.exposeHeader("Location");
                        }));
          }
          RoutesConfig routes = config.routes;
          for (String guarded : new String[] {"/api/v1/*", "/jsonrpc", "/jsonrpc/*"}) {
            routes.before(guarded, ctx -> guard(ctx, auth));
            routes.wsBeforeUpgrade(guarded, auth::checkUpgrade);
          }
          routes.exception(
              ProblemException.class,
              (e, ctx) -> Json.problem(ctx, Problem.of(e.status(), e.getMessage())));
          routes.exception(
              QueueException.class,
              (e, ctx) -> Json.problem(ctx, Problem.of(statusOf(e), e.getMessage())));
          routes.exception(
              HttpResponseException.class,
              (e, ctx) -> Json.problem(ctx, Problem.of(e.getStatus(), detailOf(e))));
          routes.exception(
              Exception.class,
              (e, ctx) -> {
                log.error("{} {} failed", ctx.method(), ctx.path(), e);
                Json.problem(
                    ctx, Problem.of(500, "internal error; the daemon's log has the details"));
              });
          routes.error(
              404, ctx -> fallback(ctx, "no such endpoint: " + ctx.method() + " " + ctx.path()));
          routes.error(
              405, ctx -> fallback(ctx, ctx.method() + " is not allowed on " + ctx.path()));
          resources.accept(routes);
        });
  }

  private static void guard(Context ctx, Auth auth) {
    if (ctx.method() == HandlerType.OPTIONS) {
      // A CORS preflight carries no credentials and changes nothing; the request after it is
      // checked.
      return;
    }
    auth.check(ctx);
    long length = ctx.contentLength();
    if (length > MAX_BODY_BYTES) {
      throw new ProblemException(
          413, "the body has " + length + " bytes; the limit is " + MAX_BODY_BYTES);
    }
  }

  private static void fallback(Context ctx, String detail) {
    if (ctx.result() == null || ctx.result().isEmpty()) {
      Json.problem(ctx, Problem.of(ctx.status().getCode(), detail));
    }
  }

  private static int statusOf(QueueException e) {
    return switch (e.reason()) {
      case UNKNOWN_JOB -> 404;
      case CONFLICT -> 409;
      case CLOSED -> 503;
    };
  }

  private static String detailOf(HttpResponseException e) {
    return e.getStatus() == 413
        ? "the body is larger than the limit of " + MAX_BODY_BYTES + " bytes"
        : e.getMessage();
  }
}
