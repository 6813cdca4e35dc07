package dev.dlm.daemon.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlm.daemon.settings.ConfigFile;
import dev.dlm.daemon.settings.Setting;
import dev.dlm.daemon.settings.Settings;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/settings}: every setting's current value; a PATCH changes those declared
 * changeable at run time and writes them to the config file so they survive a restart.
 */
public final class SettingsResource {

  private final Settings settings;
  private final ConfigFile configFile;

  private SettingsResource(Settings settings, ConfigFile configFile) {
    this.settings = settings;
    this.configFile = configFile;
  }

  /** Registers the routes. */
  public static void routes(RoutesConfig routes, Settings settings, ConfigFile configFile) {
    SettingsResource r = new SettingsResource(settings, configFile);
    routes.get("/api/v1/settings", r::show);
    routes.patch("/api/v1/settings", r::change);
  }

  private void show(Context ctx) {
    Json.write(ctx, 200, view());
  }

  private void change(Context ctx) {
    ObjectNode body = Json.object(ctx);
    Map<String, String> texts = new LinkedHashMap<>();
    body.properties().forEach(e -> texts.put(e.getKey(), Json.scalar(e.getValue(), e.getKey())));
    if (texts.isEmpty()) {
      throw ProblemException.badRequest("send at least one setting to change");
    }
    Map<String, String> changed;
    try {
      changed = settings.patch(texts);
    } catch (IllegalArgumentException e) {
      throw ProblemException.badRequest(e.getMessage());
    }
    if (!changed.isEmpty()) {
      configFile.write(changed);
    }
    Json.write(ctx, 200, view());
  }

  /** Numbers as JSON numbers (rates in bytes per second), the rest as text; the secret masked. */
  private Map<String, Object> view() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, String> described = settings.describe();
    for (Setting<?> s : Settings.ALL) {
      Object value = settings.get(s);
      out.put(s.name(), value instanceof Number && !s.secret() ? value : described.get(s.name()));
    }
    return out;
  }
}
