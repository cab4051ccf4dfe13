package dev.walnut.designer;

import dev.walnut.designer.http.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The OpenAPI 3 description of the API, generated from the route table so it cannot drift. */
final class OpenApiDocument {
  private OpenApiDocument() {}

  static Map<String, Object> of(List<Route> routes) {
    Map<String, Object> paths = new LinkedHashMap<>();
    for (Route r : routes) {
      @SuppressWarnings("unchecked")
      Map<String, Object> item =
          (Map<String, Object>) paths.computeIfAbsent(r.path(), p -> new LinkedHashMap<>());
      Map<String, Object> op = new LinkedHashMap<>();
      op.put("summary", r.summary());
      op.put(
          "parameters",
          r.pathParameters().stream()
              .map(
                  p ->
                      Map.of(
                          "name",
                          p,
                          "in",
                          "path",
                          "required",
                          true,
                          "schema",
                          Map.of("type", "string")))
              .toList());
      if (r.requestBody() != null) {
        op.put(
            "requestBody",
            Map.of(
                "description",
                r.requestBody(),
                "content",
                Map.of("application/json", Map.of("schema", Map.of("type", "object")))));
      }
      String contentType = r.kind() == Route.Kind.EVENTS ? "text/event-stream" : "application/json";
      Map<String, Object> responses = new LinkedHashMap<>();
      responses.put("200", Map.of("description", "OK", "content", Map.of(contentType, Map.of())));
      responses.put("400", Map.of("description", "the request is invalid; `error` says why"));
      if (r.authenticated()) {
        responses.put("401", Map.of("description", "not logged in"));
        op.put("security", List.of(Map.of("bearer", List.of())));
      }
      if (r.role() != null) {
        // which role the operation needs (viewer, editor, deployer; admin has every role)
        op.put("x-walnut-role", r.role().json());
        responses.put(
            "403",
            Map.of("description", "needs the `" + r.role().json() + "` role; `error` says so"));
      }
      op.put("responses", responses);
      item.put(r.method().toLowerCase(Locale.ROOT), op);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("openapi", "3.0.3");
    doc.put(
        "info",
        Map.of(
            "title", "Walnut designer API",
            "version", "0.1.0",
            "description",
                "Scenarios, validation, test runs and deployments. Errors answer"
                    + " {\"error\": \"what to fix\"}; log in with POST /api/login."));
    doc.put("paths", paths);
    doc.put(
        "components",
        Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))));
    return doc;
  }
}
