package dev.walnut.designer.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpServerExchange;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/** One API request as a handler sees it: path parameters, query, the body and the user. */
public final class Request {
  private final HttpServerExchange exchange;
  private final Map<String, String> pathParameters;
  private final byte[] body;
  private final String user;
  private final ObjectMapper mapper;

  Request(
      HttpServerExchange exchange,
      Map<String, String> pathParameters,
      byte[] body,
      String user,
      ObjectMapper mapper) {
    this.exchange = exchange;
    this.pathParameters = pathParameters;
    this.body = body;
    this.user = user;
    this.mapper = mapper;
  }

  public String path(String name) {
    String v = pathParameters.get(name);
    if (v == null) {
      throw new IllegalStateException("the route has no path parameter `" + name + "`");
    }
    return v;
  }

  public Optional<String> query(String name) {
    Deque<String> v = exchange.getQueryParameters().get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
  }

  public Optional<Integer> queryInt(String name) {
    return query(name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v);
              } catch (NumberFormatException e) {
                throw ApiException.badRequest(
                    "query parameter `" + name + "` must be a whole number, got `" + v + "`");
              }
            });
  }

  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as a JSON tree; a 400 that points at the problem when it is not JSON. */
  public JsonNode json() {
    if (body.length == 0) {
      throw ApiException.badRequest("the request needs a JSON body");
    }
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the body is not valid JSON: "
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " (line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr()
                      + ")"));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("cannot read the body: " + e.getMessage());
    }
  }

  /** The bearer token the request was authenticated with, or null without one. */
  public String token() {
    String header = exchange.getRequestHeaders().getFirst(io.undertow.util.Headers.AUTHORIZATION);
    return header == null || !header.startsWith("Bearer ")
        ? null
        : header.substring("Bearer ".length()).trim();
  }

  /** The client's address as the connection shows it (no forwarding header is trusted). */
  public String clientAddress() {
    java.net.InetSocketAddress source = exchange.getSourceAddress();
    return source == null || source.getAddress() == null
        ? "unknown"
        : source.getAddress().getHostAddress();
  }

  /** The logged-in user, or null on routes that need no login. */
  public String user() {
    return user;
  }

  /** The underlying exchange, for streaming answers (Server-Sent Events). */
  public HttpServerExchange exchange() {
    return exchange;
  }
}
