package dev.walnut.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import graphql.ErrorClassification;
import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerResult;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * {@code walnut serve}: GraphQL (with GraphiQL at {@code /graphiql}) and REST over the tables
 * Walnut's scenarios write, on Undertow. Stateless: every answer is read from PostgreSQL through a
 * small pool, with read-only credentials. Each client (by remote address) has a request budget.
 *
 * <ul>
 *   <li>{@code POST /graphql} ({@code {query, variables}}), {@code GET /graphql?query=…}
 *   <li>{@code GET /api/recommendations-for/{shopper}}
 *   <li>{@code GET /api/recommendations-for/{shopper}/events}: Server-Sent Events {@code
 *       recommendations} with the row, at once and on every change
 *   <li>{@code GET /api/recommendation?url=…&limit=10}
 *   <li>{@code GET /graphiql}, {@code GET /health}
 * </ul>
 */
public final class ServingServer implements AutoCloseable {
  /** The default port; 8080, 8081, 8083, 8090, 5000 and 9092 belong to other Walnut services. */
  public static final int DEFAULT_PORT = 8084;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GRAPHIQL = "/dev/walnut/serving/graphiql/";
  private static final String EVENTS_PREFIX = "/api/recommendations-for/";
  private static final String EVENTS_SUFFIX = "/events";

  private final Builder settings;
  private final RateLimiter limiter;
  private HikariDataSource pool;
  private GraphQL graphql;
  private RecommendationTables tables;
  private RecommendationPush push;
  private Undertow server;
  private int port;

  private ServingServer(Builder settings) {
    this.settings = settings;
    this.limiter = new RateLimiter(settings.requestsPerSecond, settings.burst, settings.nanoClock);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Opens the pool (failing when the database refuses the credentials) and starts listening. */
  public synchronized ServingServer start() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.jdbcUrl);
    config.setUsername(settings.user);
    config.setPassword(settings.password);
    config.setMaximumPoolSize(settings.poolSize);
    config.setReadOnly(true);
    config.setPoolName("walnut-serving");
    config.setConnectionTimeout(5_000);
    pool = new HikariDataSource(config);
    tables = new RecommendationTables(pool);
    graphql =
        GraphQL.newGraphQL(schema(tables)).defaultDataFetcherExceptionHandler(new Errors()).build();
    push = new RecommendationPush(tables, settings.pushInterval, settings.maxSubscribers);
    BlockingHandler blocking = new BlockingHandler(this::handle);
    ServerSentEventHandler events = new ServerSentEventHandler(this::subscribe);
    server =
        Undertow.builder()
            .addHttpListener(settings.port, settings.host)
            .setHandler(
                exchange -> {
                  String path = exchange.getRequestPath();
                  if (path.startsWith(EVENTS_PREFIX) && path.endsWith(EVENTS_SUFFIX)) {
                    if (allowed(exchange)) {
                      events.handleRequest(exchange);
                    }
                  } else {
                    blocking.handleRequest(exchange);
                  }
                })
            .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    return this;
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://" + settings.host + ":" + port;
  }

  /** The pool, for the serving benchmark's bare-JDBC baseline. */
  public DataSource dataSource() {
    return pool;
  }

  private static GraphQLSchema schema(RecommendationTables tables) {
    String sdl;
    try (InputStream in = ServingServer.class.getResourceAsStream("walnut.graphqls")) {
      sdl =
          new String(
              Objects.requireNonNull(in, "walnut.graphqls").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Query",
                q ->
                    q.dataFetcher(
                            "RecommendationsFor",
                            env ->
                                tables.recommendationsFor(env.getArgument("shopper")).orElse(null))
                        .dataFetcher(
                            "Recommendation",
                            env ->
                                tables.recommendation(
                                    env.getArgument("url"), env.<Integer>getArgument("limit"))))
            .build();
    return new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(sdl), wiring);
  }

  /** The rate limit, for the event stream's connection (answered here when refused). */
  private boolean allowed(HttpServerExchange exchange) {
    String client = exchange.getSourceAddress().getAddress().getHostAddress();
    if (limiter.tryAcquire(client)) {
      return true;
    }
    exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
    send(
        exchange,
        429,
        "application/json",
        "{\"error\":{\"code\":\"RATE_LIMITED\",\"message\":\"slow down\"}}");
    return false;
  }

  private void subscribe(ServerSentEventConnection connection, String lastEventId) {
    String uri = connection.getRequestURI();
    String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    String shopper =
        URLDecoder.decode(
            path.substring(EVENTS_PREFIX.length(), path.length() - EVENTS_SUFFIX.length()),
            StandardCharsets.UTF_8);
    // a comment line now and then, so proxies keep the connection open
    connection.setKeepAliveTime(15_000);
    if (!push.subscribe(shopper, connection)) {
      connection.send(
          "{\"code\":\"RATE_LIMITED\",\"message\":\"too many subscribers on this instance\"}",
          "error",
          null,
          null);
      connection.shutdown();
    }
  }

  private void handle(HttpServerExchange exchange) throws IOException {
    String path = exchange.getRequestPath();
    if (path.equals("/health")) {
      send(exchange, 200, "application/json", "{\"status\":\"UP\"}");
      return;
    }
    if (path.equals("/graphiql") || path.startsWith("/graphiql/")) {
      graphiql(exchange, path);
      return;
    }
    String client = exchange.getSourceAddress().getAddress().getHostAddress();
    if (!limiter.tryAcquire(client)) {
      exchange.getResponseHeaders().put(new HttpString("Retry-After"), "1");
      String message =
          "more than "
              + settings.requestsPerSecond
              + " requests a second (burst "
              + settings.burst
              + ") from "
              + client
              + ": slow down";
      if (path.equals("/graphql")) {
        sendJson(
            exchange,
            429,
            Map.of("errors", List.of(error(message, ServingException.Code.RATE_LIMITED))));
      } else {
        sendError(exchange, new ServingException(ServingException.Code.RATE_LIMITED, message));
      }
      return;
    }
    try {
      if (path.equals("/graphql")) {
        graphql(exchange);
      } else if (path.startsWith("/api/recommendations-for/")
          && exchange.getRequestMethod().equals(Methods.GET)) {
        String shopper =
            URLDecoder.decode(
                path.substring("/api/recommendations-for/".length()), StandardCharsets.UTF_8);
        Map<String, Object> found =
            tables
                .recommendationsFor(shopper)
                .orElseThrow(
                    () ->
                        new ServingException(
                            ServingException.Code.NOT_FOUND,
                            "no recommendations for shopper " + shopper));
        sendJson(exchange, 200, found);
      } else if (path.equals("/api/recommendation")
          && exchange.getRequestMethod().equals(Methods.GET)) {
        String url = query(exchange, "url");
        if (url == null || url.isBlank()) {
          throw new ServingException(ServingException.Code.BAD_REQUEST, "give the page as ?url=…");
        }
        String limit = query(exchange, "limit");
        int n;
        try {
          n = limit == null ? 10 : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
          throw new ServingException(
              ServingException.Code.BAD_REQUEST, "limit must be a whole number, got " + limit);
        }
        sendJson(exchange, 200, tables.recommendation(url, n));
      } else {
        throw new ServingException(
            ServingException.Code.NOT_FOUND,
            "no such endpoint: "
                + path
                + " (POST /graphql, GET /graphiql, GET /api/recommendations-for/{shopper},"
                + " GET /api/recommendation?url=…&limit=…)");
      }
    } catch (ServingException e) {
      sendError(exchange, e);
    }
  }

  private void graphql(HttpServerExchange exchange) throws IOException {
    String query;
    Map<String, Object> variables = Map.of();
    if (exchange.getRequestMethod().equals(Methods.POST)) {
      JsonNode body;
      try {
        body = JSON.readTree(exchange.getInputStream());
      } catch (IOException e) {
        throw new ServingException(
            ServingException.Code.BAD_REQUEST, "the body is not JSON: " + e.getMessage());
      }
      query = body == null || body.get("query") == null ? null : body.get("query").asText();
      if (body != null && body.get("variables") != null && body.get("variables").isObject()) {
        variables =
            JSON.convertValue(
                body.get("variables"),
                JSON.getTypeFactory().constructMapType(Map.class, String.class, Object.class));
      }
    } else {
      query = query(exchange, "query");
    }
    if (query == null || query.isBlank()) {
      throw new ServingException(
          ServingException.Code.BAD_REQUEST, "give a GraphQL document as `query`");
    }
    ExecutionResult result =
        graphql.execute(
            ExecutionInput.newExecutionInput().query(query).variables(variables).build());
    sendJson(exchange, 200, result.toSpecification());
  }

  private static void graphiql(HttpServerExchange exchange, String path) throws IOException {
    String file =
        path.equals("/graphiql") || path.equals("/graphiql/")
            ? "index.html"
            : path.substring("/graphiql/".length());
    if (!file.matches("[a-z.\\-]+")) {
      send(exchange, 404, "text/plain", "not found");
      return;
    }
    try (InputStream in = ServingServer.class.getResourceAsStream(GRAPHIQL + file)) {
      if (in == null) {
        send(exchange, 404, "text/plain", "not found");
        return;
      }
      String type =
          file.endsWith(".html")
              ? "text/html; charset=utf-8"
              : file.endsWith(".css") ? "text/css" : "application/javascript";
      exchange.setStatusCode(200);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
      exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=3600");
      in.transferTo(exchange.getOutputStream());
    }
  }

  private static String query(HttpServerExchange exchange, String name) {
    Deque<String> v = exchange.getQueryParameters().get(name);
    return v == null ? null : v.peekFirst();
  }

  private static Map<String, Object> error(String message, ServingException.Code code) {
    return Map.of("message", message, "extensions", Map.of("code", code.name()));
  }

  private static void sendError(HttpServerExchange exchange, ServingException e)
      throws IOException {
    sendJson(
        exchange,
        e.code().status,
        Map.of("error", Map.of("code", e.code().name(), "message", e.getMessage())));
  }

  private static void sendJson(HttpServerExchange exchange, int status, Object body)
      throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  @Override
  public synchronized void close() {
    if (push != null) {
      push.close();
      push = null;
    }
    if (server != null) {
      server.stop();
      server = null;
    }
    if (pool != null) {
      pool.close();
      pool = null;
    }
  }

  /** Typed GraphQL errors: {@code extensions.code} is a {@link ServingException.Code}. */
  private static final class Errors implements DataFetcherExceptionHandler {
    @Override
    public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
        graphql.execution.DataFetcherExceptionHandlerParameters p) {
      Throwable t = p.getException();
      ServingException.Code code =
          t instanceof ServingException s ? s.code() : ServingException.Code.DATABASE_UNAVAILABLE;
      GraphQLError error =
          GraphqlErrorBuilder.newError()
              .message(t.getMessage())
              .path(p.getPath())
              .location(p.getSourceLocation())
              .errorType(ErrorClassification.errorClassification(code.name()))
              .extensions(new LinkedHashMap<>(Map.of("code", code.name())))
              .build();
      return CompletableFuture.completedFuture(
          DataFetcherExceptionHandlerResult.newResult(error).build());
    }
  }

  /** Settings; {@link #build()} starts nothing. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private String jdbcUrl;
    private String user;
    private String password;
    private int poolSize = 8;
    private double requestsPerSecond = 200;
    private int burst = 400;
    private java.util.function.LongSupplier nanoClock = System::nanoTime;
    private java.time.Duration pushInterval = java.time.Duration.ofMillis(200);
    private int maxSubscribers = 10_000;

    private Builder() {}

    /** The address to listen on; 127.0.0.1 by default (put a proxy in front to expose it). */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** 0 picks a free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 (any free) to 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The database, with a read-only role's credentials. */
    public Builder database(String jdbcUrl, String user, String password) {
      if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
        throw new IllegalArgumentException(
            "the database must be a jdbc:postgresql:// URL, got `" + jdbcUrl + "`");
      }
      this.jdbcUrl = jdbcUrl;
      this.user = user;
      this.password = password;
      return this;
    }

    public Builder poolSize(int poolSize) {
      if (poolSize < 1 || poolSize > 64) {
        throw new IllegalArgumentException("the pool size must be 1 to 64, got " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /** Each client's budget: {@code perSecond} requests a second, bursts of {@code burst}. */
    public Builder rateLimit(double perSecond, int burst) {
      new RateLimiter(perSecond, burst, System::nanoTime);
      this.requestsPerSecond = perSecond;
      this.burst = burst;
      return this;
    }

    /**
     * How often the push reads the subscribed shoppers' rows (default 200 ms), and how many
     * subscribers one instance keeps (default 10,000).
     */
    public Builder push(java.time.Duration interval, int maxSubscribers) {
      if (interval.toMillis() < 10 || maxSubscribers < 0) {
        throw new IllegalArgumentException(
            "the push interval must be at least 10 ms and the subscribers at least 0, got "
                + interval
                + " and "
                + maxSubscribers);
      }
      this.pushInterval = interval;
      this.maxSubscribers = maxSubscribers;
      return this;
    }

    /** The clock the rate limit reads (tests). */
    Builder nanoClock(java.util.function.LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    public ServingServer build() {
      if (jdbcUrl == null) {
        throw new IllegalStateException("give the database: database(jdbcUrl, user, password)");
      }
      return new ServingServer(this);
    }
  }
}
