package dev.walnut.designer.http;

import dev.walnut.designer.auth.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One API operation: method, path template ({@code /api/scenarios/{name}}), a summary for the
 * OpenAPI document, whether it needs a login, and its handler. The route table is the single source
 * of both the dispatching and the published API description.
 *
 * @param role the role a user needs (checked after the login); null: any logged-in user
 */
public record Route(
    String method,
    String path,
    String summary,
    boolean authenticated,
    Role role,
    Kind kind,
    String requestBody,
    Handler handler) {

  /** What the operation answers with. */
  public enum Kind {
    /** A JSON document. */
    JSON,
    /** A Server-Sent Events stream ({@code text/event-stream}). */
    EVENTS
  }

  /** Serves one request; returns the JSON body of the answer (or null for 204). */
  @FunctionalInterface
  public interface Handler {
    Object handle(Request request) throws Exception;
  }

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(handler, "handler");
  }

  /** The path's {@code {placeholders}}, in order. */
  public List<String> pathParameters() {
    List<String> out = new ArrayList<>();
    for (String seg : path.split("/")) {
      if (seg.startsWith("{") && seg.endsWith("}")) {
        out.add(seg.substring(1, seg.length() - 1));
      }
    }
    return out;
  }

  /** The path parameters when {@code requestPath} matches the template, otherwise null. */
  Map<String, String> match(String requestPath) {
    String[] want = path.split("/");
    String[] got = requestPath.split("/");
    if (want.length != got.length) {
      return null;
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < want.length; i++) {
      if (want[i].startsWith("{") && want[i].endsWith("}")) {
        if (got[i].isEmpty()) {
          return null;
        }
        params.put(
            want[i].substring(1, want[i].length() - 1),
            java.net.URLDecoder.decode(got[i], java.nio.charset.StandardCharsets.UTF_8));
      } else if (!want[i].equals(got[i])) {
        return null;
      }
    }
    return params;
  }
}
