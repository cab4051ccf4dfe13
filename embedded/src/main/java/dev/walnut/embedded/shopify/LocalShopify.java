package dev.walnut.embedded.shopify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.shopify.schema.ShopifySchemas;
import graphql.ExecutionResult;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormData;
import io.undertow.server.handlers.form.FormDataParser;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A local Shopify for tests and the demo: an HTTP server that executes Shopify's real published
 * Admin and Storefront GraphQL schemas over an in-memory shop (metaobject definitions, metaobjects,
 * a product catalog, staged uploads and bulk mutations), with Shopify's cost-based leaky-bucket
 * rate limit ({@code extensions.cost} on every response, {@code THROTTLED} or HTTP 429 when the
 * bucket is empty) and fault injection.
 *
 * <p>Endpoints: {@code POST /admin/api/<version>/graphql.json} (header {@code
 * X-Shopify-Access-Token}), {@code POST /api/<version>/graphql.json} (Storefront, CORS enabled),
 * {@code POST /staged-uploads} (multipart, as a staged upload target), {@code GET
 * /bulk-results/<id>.jsonl}, {@code GET /cdn/products/<id>.svg} (product images).
 */
public final class LocalShopify implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Shopify takes bulk variable files of up to 100 MB (Undertow's multipart default is 2 MB)
  private static final long MAX_UPLOAD_BYTES = 100L * 1024 * 1024;

  private final Builder config;
  private final ShopData shop;
  private final BulkOperations bulk;
  private final LeakyBucket bucket;
  private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
  private final Random random;
  private final AtomicLong adminRequests = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong injected = new AtomicLong();
  private final DoubleAdder pointsSpent = new DoubleAdder();
  private volatile double randomFaultProbability;
  private volatile Set<Fault.Kind> randomFaultKinds = EnumSet.noneOf(Fault.Kind.class);
  private volatile Outage outage;
  private Undertow server;
  private ShopApis apis;
  private int port;

  private LocalShopify(Builder config) {
    this.config = config;
    this.shop =
        new ShopData(config.appId, Clock.systemUTC(), config.maxObjects, config.catalogSize);
    this.bulk = new BulkOperations(Clock.systemUTC());
    this.bucket =
        new LeakyBucket(config.plan.bucketSize(), config.plan.restoreRate(), System::nanoTime);
    this.random = new Random(config.seed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts the server; the schemas take a few seconds to build the first time. */
  public LocalShopify start() {
    server =
        Undertow.builder()
            .addHttpListener(config.port, config.host)
            // Shopify takes bulk variable files of up to 100 MB (Undertow's default is 2 MB)
            .setServerOption(
                io.undertow.UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, 100L * 1024 * 1024)
            .setHandler(this::route)
            .build();
    server.start();
    port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    shop.baseUrl(baseUrl());
    apis = new ShopApis(shop, bulk, config.version, baseUrl());
    return this;
  }

  /** {@code http://host:port}, the "shop domain" clients are given. */
  public String baseUrl() {
    return "http://" + config.host + ":" + port;
  }

  public int port() {
    return port;
  }

  public String adminUrl() {
    return baseUrl() + "/admin/api/" + config.version + "/graphql.json";
  }

  public String storefrontUrl() {
    return baseUrl() + "/api/" + config.version + "/graphql.json";
  }

  public ShopifyPlan plan() {
    return config.plan;
  }

  /** The app id {@code $app:} types resolve with. */
  public String appId() {
    return config.appId;
  }

  /** {@code $app:recommendations} → {@code app--<appId>--recommendations}. */
  public String resolveType(String type) {
    return shop.resolveType(type);
  }

  /** The ids (GIDs) of the seeded product catalog, in order. */
  public List<String> productIds() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < config.catalogSize; i++) {
      ids.add("gid://shopify/Product/" + (ShopData.firstProductId() + i));
    }
    return ids;
  }

  /** A product as it is now, or empty if there is none with this id (or it was deleted). */
  public Optional<ShopProduct> product(long id) {
    return shop.product(id);
  }

  /** Every product as it is now, in id order. */
  public List<ShopProduct> products() {
    return shop.products();
  }

  /**
   * Changes a product as a merchant would in the admin; its {@code updatedAt} becomes now, so the
   * change shows in {@code products(query: "updated_at:>'…'")}.
   *
   * @return the product as changed
   * @throws IllegalArgumentException if there is no product {@code id}
   */
  public ShopProduct updateProduct(long id, ProductChanges changes) {
    java.time.Instant now = shop.now();
    return shop.change(id, p -> changes.applyTo(p, now));
  }

  /** Sets the units in stock (and switches inventory tracking on), bumping {@code updatedAt}. */
  public ShopProduct setInventory(long id, int units) {
    return updateProduct(id, ProductChanges.create().inventory(units));
  }

  /**
   * Sets the status ({@code ACTIVE}, {@code DRAFT}, {@code ARCHIVED}), bumping {@code updatedAt}.
   */
  public ShopProduct setStatus(long id, String status) {
    return updateProduct(id, ProductChanges.create().status(status));
  }

  /**
   * Deletes a product; {@code deletionEvents(subjectTypes: [PRODUCT])} then lists it.
   *
   * @throws IllegalArgumentException if there is no product {@code id}
   */
  public void deleteProduct(long id) {
    shop.delete(id);
  }

  /** The field values of a metaobject, as the merchant would see them in the admin. */
  public Optional<Map<String, String>> metaobject(String type, String handle) {
    return shop.metaobject(type, handle).map(ShopData.Metaobject::fields);
  }

  public int metaobjectCount(String type) {
    return shop.metaobjects(type).size();
  }

  /** The storefront access of a definition, or empty if the type is not defined. */
  public Optional<String> storefrontAccess(String type) {
    return shop.definition(type).map(ShopData.Definition::storefrontAccess);
  }

  /** Changes the storefront access of a definition ({@code NONE} or {@code PUBLIC_READ}). */
  public void setStorefrontAccess(String type, String access) {
    shop.setStorefrontAccess(type, access);
  }

  /** Queues faults: each one answers the next Admin API request instead of the real answer. */
  public void inject(Fault... toInject) {
    faults.addAll(List.of(toInject));
  }

  /** Answers each Admin API request with a random fault of {@code kinds} with this probability. */
  public void injectRandomly(double probability, Fault.Kind... kinds) {
    randomFaultKinds =
        kinds.length == 0 ? EnumSet.noneOf(Fault.Kind.class) : EnumSet.copyOf(List.of(kinds));
    randomFaultProbability = probability;
  }

  /**
   * Starts an outage: until {@link #endOutage()}, or {@code duration} has passed, every Admin API
   * request is answered by one of {@code kinds} in turn (e.g. {@code HTTP_429} with {@code
   * Retry-After}, then {@code HTTP_503}), as Shopify does during an incident or a long throttle.
   * Queued faults ({@link #inject}) still come first.
   *
   * @throws IllegalArgumentException if no kind is given, {@code SLOW} is among them, or the
   *     duration is not positive
   */
  public void startOutage(Duration duration, Fault.Kind... kinds) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("an outage needs a positive duration, got " + duration);
    }
    if (kinds.length == 0) {
      throw new IllegalArgumentException(
          "an outage needs at least one fault kind, e.g. HTTP_429 or HTTP_503");
    }
    if (List.of(kinds).contains(Fault.Kind.SLOW)) {
      throw new IllegalArgumentException(
          "an outage answers with errors; SLOW is not one (use inject(Fault.slow(d)))");
    }
    outage = new Outage(List.of(kinds), System.nanoTime() + duration.toNanos());
  }

  /** Ends an outage now; Admin API requests are answered normally again. */
  public void endOutage() {
    outage = null;
  }

  /** Whether an outage is answering the Admin API requests now. */
  public boolean inOutage() {
    Outage current = outage;
    return current != null && current.activeAt(System.nanoTime());
  }

  /** An outage: the kinds answered in turn until a deadline. */
  private static final class Outage {
    private final List<Fault.Kind> kinds;
    private final long untilNanos;
    private final AtomicLong answered = new AtomicLong();

    Outage(List<Fault.Kind> kinds, long untilNanos) {
      this.kinds = kinds;
      this.untilNanos = untilNanos;
    }

    boolean activeAt(long nanos) {
      return nanos - untilNanos < 0;
    }

    Fault next() {
      return new Fault(kinds.get((int) (answered.getAndIncrement() % kinds.size())), Duration.ZERO);
    }
  }

  public ShopStats stats() {
    return new ShopStats(
        adminRequests.get(),
        throttled.get(),
        injected.get(),
        pointsSpent.sum(),
        shop.upserts(),
        bulk.bulkUpserts());
  }

  /** Points currently in the bucket. */
  public double availablePoints() {
    return bucket.available();
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
      server = null;
    }
    bulk.close();
  }

  private void route(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      exchange.dispatch(this::route);
      return;
    }
    exchange.startBlocking();
    String path = exchange.getRequestPath();
    try {
      if (path.startsWith("/admin/api/") && path.endsWith("/graphql.json")) {
        admin(
            exchange,
            path.substring("/admin/api/".length(), path.length() - "/graphql.json".length()));
      } else if (path.startsWith("/api/") && path.endsWith("/graphql.json")) {
        storefront(
            exchange, path.substring("/api/".length(), path.length() - "/graphql.json".length()));
      } else if (path.equals("/staged-uploads")
          && exchange.getRequestMethod().equals(Methods.POST)) {
        upload(exchange);
      } else if (path.startsWith("/bulk-results/")) {
        bulkResults(exchange, path.substring("/bulk-results/".length()).replace(".jsonl", ""));
      } else if (path.startsWith("/cdn/products/")) {
        productImage(exchange, path.substring("/cdn/products/".length()).replace(".svg", ""));
      } else if (path.equals("/")) {
        send(
            exchange,
            200,
            "text/plain",
            "Walnut local Shopify: " + adminUrl() + " , " + storefrontUrl() + "\n");
      } else {
        send(exchange, 404, "application/json", "{\"errors\":\"Not Found\"}");
      }
    } catch (RuntimeException | IOException e) {
      send(
          exchange,
          500,
          "application/json",
          JSON.writeValueAsString(Map.of("errors", String.valueOf(e.getMessage()))));
    }
  }

  private void admin(HttpServerExchange exchange, String version) throws IOException {
    adminRequests.incrementAndGet();
    if (!exchange.getRequestMethod().equals(Methods.POST)) {
      send(exchange, 405, "application/json", "{\"errors\":\"Use POST\"}");
      return;
    }
    if (!version.equals(config.version)) {
      send(
          exchange,
          404,
          "application/json",
          JSON.writeValueAsString(
              Map.of(
                  "errors",
                  "API version `"
                      + version
                      + "` is not served by the local Shopify (it serves "
                      + config.version
                      + ")")));
      return;
    }
    String token = exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token");
    if (config.accessToken != null && !config.accessToken.equals(token)) {
      send(
          exchange,
          401,
          "application/json",
          "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
      return;
    }
    Map<String, Object> request = readRequest(exchange);
    String query = (String) request.get("query");
    String operationName = (String) request.get("operationName");
    @SuppressWarnings("unchecked")
    Map<String, Object> variables =
        request.get("variables") instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of();
    int requested = RequestedCost.of(query == null ? "" : query, operationName, variables);

    Fault fault = nextFault();
    if (fault != null) {
      injected.incrementAndGet();
      switch (fault.kind()) {
        case THROTTLED -> {
          sendJson(exchange, 200, throttledBody(requested));
          return;
        }
        case HTTP_429 -> {
          exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
          send(
              exchange,
              429,
              "application/json",
              "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
          return;
        }
        case HTTP_500 -> {
          send(exchange, 500, "application/json", "{\"errors\":\"Internal Server Error\"}");
          return;
        }
        case HTTP_503 -> {
          send(exchange, 503, "application/json", "{\"errors\":\"Service Unavailable\"}");
          return;
        }
        case SLOW -> sleep(fault.delay());
      }
    }
    if (!bucket.tryTake(requested)) {
      throttled.incrementAndGet();
      if (random.nextDouble() < config.http429Share) {
        exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        send(exchange, 429, "application/json", "{\"errors\":\"Throttled\"}");
      } else {
        sendJson(exchange, 200, throttledBody(requested));
      }
      return;
    }
    pointsSpent.add(requested);
    Map<String, Object> body = apis.executeAdmin(query, operationName, variables).toSpecification();
    Map<String, Object> response = new LinkedHashMap<>(body);
    response.put("extensions", Map.of("cost", cost(requested, requested)));
    sendJson(exchange, 200, response);
  }

  private void storefront(HttpServerExchange exchange, String version) throws IOException {
    cors(exchange);
    if (exchange.getRequestMethod().equals(Methods.OPTIONS)) {
      send(exchange, 204, "text/plain", "");
      return;
    }
    if (!exchange.getRequestMethod().equals(Methods.POST) || !version.equals(config.version)) {
      send(exchange, 404, "application/json", "{\"errors\":\"Not Found\"}");
      return;
    }
    Map<String, Object> request = readRequest(exchange);
    @SuppressWarnings("unchecked")
    Map<String, Object> variables =
        request.get("variables") instanceof Map<?, ?> v ? (Map<String, Object>) v : Map.of();
    ExecutionResult result =
        apis.executeStorefront(
            (String) request.get("query"), (String) request.get("operationName"), variables);
    sendJson(exchange, 200, result.toSpecification());
  }

  private static void cors(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
    exchange
        .getResponseHeaders()
        .put(new HttpString("Access-Control-Allow-Methods"), "POST, OPTIONS");
    exchange
        .getResponseHeaders()
        .put(
            new HttpString("Access-Control-Allow-Headers"),
            "Content-Type, X-Shopify-Storefront-Access-Token, Accept");
    // Chromium's Private Network Access: a public page may call this local server
    exchange
        .getResponseHeaders()
        .put(new HttpString("Access-Control-Allow-Private-Network"), "true");
  }

  private void upload(HttpServerExchange exchange) throws IOException {
    exchange.setMaxEntitySize(MAX_UPLOAD_BYTES);
    FormParserFactory.Builder forms = FormParserFactory.builder();
    FormDataParser parser = forms.build().createParser(exchange);
    if (parser == null) {
      send(exchange, 400, "text/plain", "expected a multipart/form-data upload");
      return;
    }
    FormData form = parser.parseBlocking();
    FormData.FormValue key = form.getFirst("key");
    FormData.FormValue file = form.getFirst("file");
    if (key == null || file == null) {
      send(exchange, 400, "text/plain", "the upload needs the form fields `key` and `file`");
      return;
    }
    byte[] content;
    if (file.isFileItem()) {
      try (InputStream in = file.getFileItem().getInputStream()) {
        content = in.readAllBytes();
      }
    } else {
      content = file.getValue().getBytes(StandardCharsets.UTF_8);
    }
    bulk.storeUpload(key.getValue(), content);
    send(
        exchange,
        201,
        "application/xml",
        "<PostResponse><Key>" + key.getValue() + "</Key></PostResponse>");
  }

  private void bulkResults(HttpServerExchange exchange, String id) {
    Optional<BulkOperations.Operation> op = bulk.byNumericId(id);
    if (op.isEmpty() || op.get().results == null) {
      send(exchange, 404, "text/plain", "no results for bulk operation " + id);
      return;
    }
    send(exchange, 200, "application/jsonl", new String(op.get().results, StandardCharsets.UTF_8));
  }

  private void productImage(HttpServerExchange exchange, String id) {
    Optional<ShopProduct> p = shop.product("gid://shopify/Product/" + id);
    if (p.isEmpty()) {
      send(exchange, 404, "text/plain", "no product " + id);
      return;
    }
    int hue = (int) (Long.parseLong(id) * 47 % 360);
    String title = p.get().title().replace("&", "&amp;").replace("<", "&lt;");
    exchange.getResponseHeaders().put(new HttpString("Access-Control-Allow-Origin"), "*");
    send(
        exchange,
        200,
        "image/svg+xml",
        "<svg xmlns='http://www.w3.org/2000/svg' width='400' height='400' viewBox='0 0 400 400'>"
            + "<rect width='400' height='400' fill='hsl("
            + hue
            + ",55%,70%)'/>"
            + "<text x='200' y='210' font-family='sans-serif' font-size='28' text-anchor='middle'>"
            + title
            + "</text></svg>");
  }

  private Fault nextFault() {
    Fault queued = faults.poll();
    if (queued != null) {
      return queued;
    }
    Outage current = outage;
    if (current != null && current.activeAt(System.nanoTime())) {
      return current.next();
    }
    double p = randomFaultProbability;
    Set<Fault.Kind> kinds = randomFaultKinds;
    if (p > 0 && !kinds.isEmpty()) {
      synchronized (random) {
        if (random.nextDouble() < p) {
          Fault.Kind kind = new ArrayList<>(kinds).get(random.nextInt(kinds.size()));
          return new Fault(kind, kind == Fault.Kind.SLOW ? Duration.ofMillis(300) : Duration.ZERO);
        }
      }
    }
    return null;
  }

  private Map<String, Object> throttledBody(int requested) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", "Throttled");
    error.put(
        "extensions",
        Map.of(
            "code",
            "THROTTLED",
            "documentation",
            "https://shopify.dev/api/usage/limits#rate-limits"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("errors", List.of(error));
    body.put("extensions", Map.of("cost", cost(requested, null)));
    return body;
  }

  private Map<String, Object> cost(int requested, Integer actual) {
    Map<String, Object> cost = new LinkedHashMap<>();
    cost.put("requestedQueryCost", requested);
    cost.put("actualQueryCost", actual);
    cost.put(
        "throttleStatus",
        Map.of(
            "maximumAvailable", bucket.maximum(),
            "currentlyAvailable", Math.floor(bucket.available()),
            "restoreRate", bucket.restoreRate()));
    return cost;
  }

  private static Map<String, Object> readRequest(HttpServerExchange exchange) throws IOException {
    byte[] bytes = exchange.getInputStream().readAllBytes();
    @SuppressWarnings("unchecked")
    Map<String, Object> request = JSON.readValue(bytes, Map.class);
    return request;
  }

  private static void sendJson(HttpServerExchange exchange, int status, Object body)
      throws IOException {
    send(exchange, status, "application/json", JSON.writeValueAsString(body));
  }

  private static void send(
      HttpServerExchange exchange, int status, String contentType, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType + "; charset=utf-8");
    exchange.getResponseSender().send(body, StandardCharsets.UTF_8);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link LocalShopify}. */
  public static final class Builder {
    private String host = "127.0.0.1";
    private int port;
    private ShopifyPlan plan = ShopifyPlan.STANDARD;
    private String appId = "1234567";
    private String accessToken;
    private String version = ShopifySchemas.DEFAULT_VERSION;
    private int catalogSize = 200;
    private int maxObjects = 1_000_000;
    private double http429Share = 0.1;
    private long seed = 42;

    private Builder() {}

    /** The port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder plan(ShopifyPlan plan) {
      this.plan = Objects.requireNonNull(plan, "plan");
      return this;
    }

    public Builder appId(String appId) {
      this.appId = Objects.requireNonNull(appId, "appId");
      return this;
    }

    /** The Admin API access token the server insists on; none by default (any token works). */
    public Builder accessToken(String accessToken) {
      this.accessToken = accessToken;
      return this;
    }

    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /** How many products the seeded catalog holds (ids from 8000000000001 up). */
    public Builder catalogSize(int catalogSize) {
      this.catalogSize = catalogSize;
      return this;
    }

    /** The most metaobjects one definition may hold ({@code MAX_OBJECTS_EXCEEDED} beyond). */
    public Builder maxObjects(int maxObjects) {
      this.maxObjects = maxObjects;
      return this;
    }

    /** Of the requests throttled by an empty bucket, the share answered HTTP 429 (default 0.1). */
    public Builder http429Share(double share) {
      this.http429Share = share;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public LocalShopify build() {
      return new LocalShopify(this);
    }
  }
}
