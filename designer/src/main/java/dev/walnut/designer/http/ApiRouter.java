package dev.walnut.designer.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.designer.auth.Role;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches {@code /api/...} requests to the route table, enforcing what every route shares: the
 * allowed browser origins (CORS; other origins get 403), the login token (401 without it), the
 * route's role (403 naming the missing one), the body size limit (413) and JSON error answers
 * ({@code {"error": "..."}}).
 */
public final class ApiRouter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
  private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");

  private final List<Route> routes;
  private final Set<String> allowedOrigins;
  private final long maxBodyBytes;
  private final Function<String, Optional<String>> tokenToUser;
  private final Function<String, Set<Role>> rolesOf;
  private final ObjectMapper mapper;

  public ApiRouter(
      List<Route> routes,
      Set<String> allowedOrigins,
      long maxBodyBytes,
      Function<String, Optional<String>> tokenToUser,
      Function<String, Set<Role>> rolesOf,
      ObjectMapper mapper) {
    this.rolesOf = rolesOf;
    this.routes = List.copyOf(routes);
    this.allowedOrigins = Set.copyOf(allowedOrigins);
    this.maxBodyBytes = maxBodyBytes;
    this.tokenToUser = tokenToUser;
    this.mapper = mapper;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    try {
      serve(exchange);
    } catch (ApiException e) {
      if (e.retryAfterSeconds() > 0 && !exchange.isResponseStarted()) {
        exchange
            .getResponseHeaders()
            .put(Headers.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
      }
      error(exchange, e.status(), Map.of("error", e.getMessage()));
    } catch (Exception e) {
      // the exception's text may show SQL, paths or hosts: it goes to the log, with an id the
      // answer gives so an operator can find it
      String id = UUID.randomUUID().toString();
      LOG.error(
          "{} {} failed (error id {})",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          id,
          e);
      error(
          exchange,
          500,
          Map.of(
              "error",
              "internal error; the server log has the details under error id " + id,
              "errorId",
              id));
    }
  }

  private void serve(HttpServerExchange exchange) throws Exception {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    if (origin != null) {
      if (!allowedOrigins.contains(origin)) {
        throw new ApiException(
            403, "origin " + origin + " may not call this API; allowed: " + allowedOrigins);
      }
      exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
      exchange.getResponseHeaders().put(Headers.VARY, "Origin");
    }
    String method = exchange.getRequestMethod().toString();
    String path = exchange.getRequestPath();
    if (method.equals("OPTIONS")) {
      exchange
          .getResponseHeaders()
          .put(new HttpString("Access-Control-Allow-Methods"), "GET, POST, PUT, DELETE");
      exchange
          .getResponseHeaders()
          .put(new HttpString("Access-Control-Allow-Headers"), "Authorization, Content-Type");
      exchange.getResponseHeaders().put(new HttpString("Access-Control-Max-Age"), "600");
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    Route found = null;
    Map<String, String> params = null;
    boolean pathKnown = false;
    for (Route r : routes) {
      Map<String, String> m = r.match(path);
      if (m != null) {
        pathKnown = true;
        if (r.method().equals(method)) {
          found = r;
          params = m;
          break;
        }
      }
    }
    if (found == null) {
      throw pathKnown
          ? new ApiException(405, method + " is not supported on " + path)
          : ApiException.notFound("no API route " + path + "; see /api/openapi.json");
    }
    String user = null;
    if (found.authenticated()) {
      user = authenticate(exchange);
      authorize(user, found);
    }
    byte[] body = readBody(exchange);
    Request request = new Request(exchange, params, body, user, mapper);
    Object answer = found.handler().handle(request);
    if (found.kind() == Route.Kind.EVENTS) {
      return; // the handler streamed the answer itself
    }
    if (answer == null) {
      exchange.setStatusCode(204);
      exchange.endExchange();
      return;
    }
    if (answer instanceof RawJson raw) {
      send(exchange, 200, raw.json(), raw.fileName());
    } else {
      send(exchange, 200, mapper.writeValueAsString(answer), null);
    }
  }

  private String authenticate(HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (header == null || !header.startsWith("Bearer ")) {
      throw new ApiException(
          401, "log in first: POST /api/login, then send `Authorization: Bearer <token>`");
    }
    return tokenToUser
        .apply(header.substring("Bearer ".length()).trim())
        .orElseThrow(() -> new ApiException(401, "the token is unknown or expired; log in again"));
  }

  /** 403 naming the missing role when the user's roles do not allow the route. */
  private void authorize(String user, Route route) {
    if (route.role() == null) {
      return;
    }
    Set<Role> held = rolesOf.apply(user);
    if (!route.role().grantedBy(held)) {
      throw new ApiException(
          403,
          route.method()
              + " "
              + route.path()
              + " needs the `"
              + route.role().json()
              + "` role; user `"
              + user
              + "` has "
              + (held.isEmpty()
                  ? "no role"
                  : held.stream().sorted().map(r -> "`" + r.json() + "`").toList())
              + " (an admin grants roles: PUT /api/users/{name})");
    }
  }

  private byte[] readBody(HttpServerExchange exchange) throws IOException {
    long declared = exchange.getRequestContentLength();
    if (declared > maxBodyBytes) {
      throw tooLarge();
    }
    exchange.startBlocking();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    InputStream in = exchange.getInputStream();
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > maxBodyBytes) {
        throw tooLarge();
      }
    }
    return out.toByteArray();
  }

  private ApiException tooLarge() {
    return new ApiException(
        413, "the request body is larger than the limit of " + maxBodyBytes + " bytes");
  }

  private void error(HttpServerExchange exchange, int status, Map<String, String> answer) {
    if (exchange.isResponseStarted()) {
      exchange.endExchange();
      return;
    }
    try {
      send(exchange, status, mapper.writeValueAsString(answer), null);
    } catch (IOException e) {
      exchange.endExchange();
    }
  }

  private static void send(HttpServerExchange exchange, int status, String json, String fileName) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    if (fileName != null) {
      exchange
          .getResponseHeaders()
          .put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
    }
    exchange.getResponseSender().send(json, StandardCharsets.UTF_8);
  }

  /** An answer that is already JSON text (e.g. an exported scenario, sent byte for byte). */
  public record RawJson(String json, String fileName) {}
}
