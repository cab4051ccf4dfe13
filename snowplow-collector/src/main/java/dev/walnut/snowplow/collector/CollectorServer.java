package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.DateUtils;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.SameThreadExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.xnio.IoUtils;
import org.xnio.Options;
import org.xnio.XnioExecutor;

/**
 * The Snowplow collector: tracker-protocol HTTP endpoints → Kafka. Non-blocking: requests are
 * parsed on Undertow's I/O threads, their records handed to the shared producer, and the exchange
 * is completed from the producer's acknowledgement, so a 200 always means "Kafka has it". Start
 * with {@link #start(CollectorConfig)}; {@link #close()} stops accepting, then flushes Kafka.
 */
public final class CollectorServer implements AutoCloseable {
  /** The 43-byte transparent 1×1 GIF Snowplow collectors answer pixel requests with. */
  static final byte[] PIXEL =
      Base64.getDecoder().decode("R0lGODlhAQABAPAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

  static final String TP2_PATH = "/com.snowplowanalytics.snowplow/tp2";
  private static final Pattern VENDOR_PATH = Pattern.compile("/[^/]+/[^/]+");
  private static final Pattern UUID_TEXT =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final HttpString SP_ANONYMOUS = new HttpString("SP-Anonymous");

  /** Never kept in records: a record is not a place for session cookies or credentials. */
  private static final Set<HttpString> CREDENTIAL_HEADERS =
      Set.of(Headers.COOKIE, Headers.AUTHORIZATION, Headers.PROXY_AUTHORIZATION);

  static final int MAX_HEADER_FIELD_CHARS = 4096;
  private static final HttpString ACAO = new HttpString("Access-Control-Allow-Origin");
  private static final HttpString ACAC = new HttpString("Access-Control-Allow-Credentials");
  private static final HttpString ACAH = new HttpString("Access-Control-Allow-Headers");
  private static final HttpString ACAM = new HttpString("Access-Control-Allow-Methods");
  private static final HttpString ACMA = new HttpString("Access-Control-Max-Age");
  private static final HttpString ACRH = new HttpString("Access-Control-Request-Headers");
  private static final String ROBOTS = "User-agent: *\nDisallow: /\n";

  private final CollectorConfig config;
  private final ObjectMapper mapper =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private final TrackerProtocol protocol = new TrackerProtocol(mapper);
  private final CollectorMetrics metrics = new CollectorMetrics();
  private final MicroStore micro;
  private final KafkaOutput kafka;
  private final Undertow undertow;
  private final int port;

  private CollectorServer(CollectorConfig config) {
    this.config = config;
    this.micro = config.microEnabled() ? new MicroStore(config.microBufferSize()) : null;
    this.kafka = new KafkaOutput(config, metrics);
    metrics.inFlightGauge(kafka::inFlight);
    try {
      kafka.warmUp(List.of(config.goodTopic(), config.badTopic()), Duration.ofSeconds(30));
      this.undertow =
          Undertow.builder()
              .addHttpListener(config.port(), config.host())
              .setIoThreads(config.ioThreads())
              .setWorkerThreads(2)
              .setServerOption(UndertowOptions.MAX_HEADER_SIZE, config.maxHeaderBytes())
              // between maxBodyBytes and this, bodies become size_violation bad rows
              .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 4L * config.maxBodyBytes())
              .setServerOption(
                  UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) config.requestTimeout().toMillis())
              .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
              // at this many open connections the listener stops accepting; clients wait in the
              // kernel's backlog until connections close (idle ones after NO_REQUEST_TIMEOUT)
              .setSocketOption(Options.CONNECTION_HIGH_WATER, config.maxConnections())
              .setSocketOption(Options.CONNECTION_LOW_WATER, config.maxConnections())
              .setHandler(this::handle)
              .build();
      undertow.start();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /**
   * Connects to Kafka (waiting up to 30 s for the topics' metadata), then listens.
   *
   * @throws IllegalStateException if Kafka or the topics are not reachable
   */
  public static CollectorServer start(CollectorConfig config) {
    return new CollectorServer(config);
  }

  /** The port listened on (resolved when the configuration said 0). */
  public int port() {
    return port;
  }

  public CollectorConfig config() {
    return config;
  }

  @Override
  public void close() {
    try {
      undertow.stop();
    } finally {
      kafka.close();
    }
  }

  private void handle(HttpServerExchange exchange) {
    metrics.requests.increment();
    String path = exchange.getRequestPath();
    HttpString method = exchange.getRequestMethod();
    if (Methods.OPTIONS.equals(method)) {
      preflight(exchange);
      return;
    }
    boolean get = Methods.GET.equals(method);
    boolean head = Methods.HEAD.equals(method);
    boolean post = Methods.POST.equals(method);
    switch (path) {
      case "/i", "/ice.png" -> {
        if (get || head) {
          pixel(exchange, head);
          return;
        }
      }
      case "/health" -> {
        text(exchange, 200, "text/plain", "OK");
        return;
      }
      case "/sink-health" -> {
        boolean ok = kafka.healthy();
        text(exchange, ok ? 200 : 503, "text/plain", ok ? "OK" : "Kafka is unavailable");
        return;
      }
      case "/robots.txt" -> {
        text(exchange, 200, "text/plain", ROBOTS);
        return;
      }
      case "/metrics" -> {
        text(exchange, 200, "text/plain; version=0.0.4", metrics.prometheusText());
        return;
      }
      case "/micro/all", "/micro/good", "/micro/bad", "/micro/reset" -> {
        micro(exchange, path);
        return;
      }
      case "/r/tp2" -> {
        if (get) {
          redirect(exchange);
          return;
        }
      }
      default -> {
        if (post && (TP2_PATH.equals(path) || config.pathAliases().containsKey(path))) {
          postTp2(exchange);
          return;
        }
        if (post && VENDOR_PATH.matcher(path).matches()) {
          unsupportedVendor(exchange, path);
          return;
        }
      }
    }
    text(exchange, 404, "text/plain", "no such endpoint: " + method + " " + path);
  }

  private void pixel(HttpServerExchange exchange, boolean head) {
    Map<String, Deque<String>> query = exchange.getQueryParameters();
    if (head && query.isEmpty()) {
      respondPixel(exchange, null);
      return;
    }
    RequestInfo req = requestInfo(exchange);
    String rawQuery = exchange.getQueryString();
    Outcome outcome;
    // one event: its record is built here, then checked against Kafka's limit in deliver
    if (rawQuery.length() > config.maxBodyBytes()) {
      outcome =
          BadRows.sizeViolation(
              req,
              config.maxBodyBytes(),
              rawQuery.length(),
              rawQuery.getBytes(StandardCharsets.UTF_8));
    } else if (query.isEmpty()) {
      outcome =
          BadRows.adapterFailure(
              req, "querystring", "GET /i without tracker parameters", new byte[0]);
    } else {
      outcome = protocol.event(firstValues(query), req);
    }
    deliver(exchange, req, TrackerProtocol.Batch.of(outcome), () -> respondPixel(exchange, req));
  }

  private void postTp2(HttpServerExchange exchange) {
    XnioExecutor.Key deadline = bodyDeadline(exchange);
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            exchange
                .getRequestReceiver()
                .receiveFullBytes(
                    (ex, body) -> {
                      deadline.remove();
                      RequestInfo req = requestInfo(ex);
                      TrackerProtocol.Batch batch =
                          body.length > config.maxBodyBytes()
                              ? TrackerProtocol.Batch.of(
                                  BadRows.sizeViolation(
                                      req, config.maxBodyBytes(), body.length, body))
                              : protocol.fromPostBody(body, req, config.maxEventsPerRequest());
                      deliver(ex, req, batch, () -> respondOk(ex, req));
                    },
                    (ex, error) -> {
                      deadline.remove();
                      RequestInfo req = requestInfo(ex);
                      if (error instanceof RequestTooBigException) {
                        long length = ex.getRequestContentLength();
                        deliver(
                            ex,
                            req,
                            TrackerProtocol.Batch.of(
                                BadRows.sizeViolation(
                                    req,
                                    config.maxBodyBytes(),
                                    (int) Math.min(Integer.MAX_VALUE, Math.max(length, 0)),
                                    new byte[0])),
                            () -> respondOk(ex, req));
                      } else {
                        // the client went away or stalled: nothing was read, nothing to store
                        ex.setStatusCode(400);
                        ex.endExchange();
                      }
                    }));
  }

  private void unsupportedVendor(HttpServerExchange exchange, String path) {
    XnioExecutor.Key deadline = bodyDeadline(exchange);
    exchange.dispatch(
        SameThreadExecutor.INSTANCE,
        () ->
            exchange
                .getRequestReceiver()
                .receiveFullBytes(
                    (ex, body) -> {
                      deadline.remove();
                      RequestInfo req = requestInfo(ex);
                      byte[] raw = body.length > config.maxBodyBytes() ? new byte[0] : body;
                      Outcome bad =
                          BadRows.adapterFailure(
                              req,
                              "path",
                              "vendor/version `"
                                  + path
                                  + "` is not supported; use "
                                  + TP2_PATH
                                  + " or configure a path alias",
                              raw);
                      deliver(ex, req, TrackerProtocol.Batch.of(bad), () -> respondOk(ex, req));
                    },
                    (ex, error) -> {
                      deadline.remove();
                      ex.setStatusCode(400);
                      ex.endExchange();
                    }));
  }

  /**
   * Closes the connection when a request body has not fully arrived within the request timeout (a
   * stalled or trickling client must not hold a connection and its buffers forever). Only bodies
   * need it: headers have Undertow's parse timeout, and a per-read socket timeout would put a timer
   * on every read of every request.
   */
  private XnioExecutor.Key bodyDeadline(HttpServerExchange exchange) {
    return exchange
        .getIoThread()
        .executeAfter(
            () -> IoUtils.safeClose(exchange.getConnection()),
            config.requestTimeout().toMillis(),
            TimeUnit.MILLISECONDS);
  }

  private void redirect(HttpServerExchange exchange) {
    if (!config.redirectEnabled()) {
      text(exchange, 404, "text/plain", "redirects (/r/tp2) are turned off on this collector");
      return;
    }
    RequestInfo req = requestInfo(exchange);
    Map<String, String> params = firstValues(exchange.getQueryParameters());
    String target = params.get("u");
    String host = null;
    try {
      host = target == null ? null : URI.create(target).getHost();
    } catch (IllegalArgumentException e) {
      host = null;
    }
    if (host == null || !config.redirectAllowedHosts().contains(host)) {
      Outcome bad =
          BadRows.adapterFailure(
              req,
              "u",
              "redirect target `" + target + "` is not an allowed host",
              exchange.getQueryString().getBytes(StandardCharsets.UTF_8));
      deliver(
          exchange,
          req,
          TrackerProtocol.Batch.of(bad),
          () -> text(exchange, 400, "text/plain", "redirect target is not allowed"));
      return;
    }
    Map<String, String> event = new LinkedHashMap<>(params);
    event.remove("u");
    event.putIfAbsent("e", "ue");
    event.putIfAbsent("p", "web");
    event.putIfAbsent("tv", "r-tp2");
    try {
      event.put(
          "ue_pr",
          mapper.writeValueAsString(
              Map.of(
                  "schema",
                  TrackerProtocol.UNSTRUCT_SCHEMA,
                  "data",
                  Map.of(
                      "schema",
                      "iglu:com.snowplowanalytics.snowplow/uri_redirect/jsonschema/1-0-0",
                      "data",
                      Map.of("uri", target)))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    String location = target;
    deliver(
        exchange,
        req,
        TrackerProtocol.Batch.of(protocol.event(event, req)),
        () -> {
          exchange.setStatusCode(302);
          exchange.getResponseHeaders().put(Headers.LOCATION, location);
          commonHeaders(exchange, req);
          exchange.endExchange();
        });
  }

  /**
   * Sends the outcomes to Kafka; on acknowledgement runs {@code onAck} on the exchange's I/O
   * thread, on failure answers 503.
   *
   * <p>The answer is written on the I/O thread on purpose: Undertow completes an exchange from
   * another thread (e.g. the producer's) with a compare-and-set handshake against the connection's
   * read listener that spins while the other side holds it; on a machine with fewer cores than busy
   * threads that spinning cost more than the hop. The hop is cheap: the producer's callbacks arrive
   * in batches and one selector wake-up serves all of them.
   */
  private void deliver(
      HttpServerExchange exchange, RequestInfo req, TrackerProtocol.Batch batch, Runnable onAck) {
    // room is reserved before the records are built: a request refused with 503 costs no records
    if (!kafka.tryReserve(batch.count())) {
      metrics.rejected.increment();
      unavailable(exchange, req, "too many events waiting for Kafka; retry later");
      return;
    }
    List<Outcome> outcomes;
    try {
      outcomes = new ArrayList<>(batch.build().get());
    } catch (RuntimeException e) {
      kafka.release(batch.count());
      throw e;
    }
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome o = outcomes.get(i);
      byte[] key = KafkaOutput.bytes(o.key());
      if (!kafka.fits(key, o.value())) {
        o =
            BadRows.recordTooLarge(
                req,
                kafka.maxRecordBytes(),
                o.value().length + (key == null ? 0 : key.length),
                o.value());
        outcomes.set(i, o);
        key = null;
      }
      records.add(
          new ProducerRecord<>(o.good() ? config.goodTopic() : config.badTopic(), key, o.value()));
    }
    if (!exchange.isDispatched()) {
      exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {});
    }
    kafka.send(
        records,
        failure -> {
          if (failure == null) {
            for (Outcome o : outcomes) {
              (o.good() ? metrics.eventsGood : metrics.eventsBad).increment();
              if (micro != null) {
                micro.record(o);
              }
            }
            exchange.getIoThread().execute(onAck);
          } else {
            metrics.kafkaFailures.increment();
            metrics.rejected.increment();
            exchange
                .getIoThread()
                .execute(
                    () ->
                        unavailable(
                            exchange,
                            req,
                            "Kafka did not acknowledge the events ("
                                + failure.getClass().getSimpleName()
                                + "); retry later"));
          }
        });
  }

  private void respondPixel(HttpServerExchange exchange, RequestInfo req) {
    HeaderMap h = exchange.getResponseHeaders();
    h.put(Headers.CONTENT_TYPE, "image/gif");
    h.put(Headers.CACHE_CONTROL, "no-cache, no-store, must-revalidate");
    h.put(Headers.PRAGMA, "no-cache");
    h.put(Headers.EXPIRES, "0");
    commonHeaders(exchange, req);
    exchange.getResponseSender().send(ByteBuffer.wrap(PIXEL));
  }

  private void respondOk(HttpServerExchange exchange, RequestInfo req) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    commonHeaders(exchange, req);
    exchange.getResponseSender().send("ok");
  }

  private void unavailable(HttpServerExchange exchange, RequestInfo req, String message) {
    exchange.setStatusCode(503);
    exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
    cors(exchange);
    exchange.getResponseSender().send(message);
  }

  /** CORS, and the network user id cookie unless the request is anonymous. */
  private void commonHeaders(HttpServerExchange exchange, RequestInfo req) {
    cors(exchange);
    if (req != null
        && config.cookie().enabled()
        && !RequestInfo.ANONYMOUS_NUID.equals(req.networkUserId())) {
      CookieSettings cookie = config.cookie();
      String domain = cookie.domainFor(exchange.getRequestHeaders().getFirst(Headers.HOST));
      String expires = cookieExpires();
      CookieAttributes a = cookieAttributes;
      if (!a.expires().equals(expires) || !Objects.equals(a.domain(), domain)) {
        a = new CookieAttributes(expires, domain, cookie.attributes(domain, expires));
        cookieAttributes = a;
      }
      exchange
          .getResponseHeaders()
          .add(Headers.SET_COOKIE, cookie.name() + "=" + req.networkUserId() + a.text());
    }
  }

  /** The cookie's attributes for one {@code Expires} text and domain. */
  private record CookieAttributes(String expires, String domain, String text) {}

  // the attributes change once a second (Expires) or with the domain: built once, then reused
  private volatile CookieAttributes cookieAttributes = new CookieAttributes("", null, "");

  private volatile long expiresSecond;
  private volatile String expiresText;

  /** The cookie's {@code Expires} date, formatted at most once a second. */
  private String cookieExpires() {
    long second = System.currentTimeMillis() / 1000;
    String text = expiresText;
    if (second != expiresSecond || text == null) {
      text = DateUtils.toDateString(new Date(second * 1000 + config.cookie().expiry().toMillis()));
      expiresText = text;
      expiresSecond = second;
    }
    return text;
  }

  private static void cors(HttpServerExchange exchange) {
    String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
    HeaderMap h = exchange.getResponseHeaders();
    if (origin == null || origin.isEmpty()) {
      h.put(ACAO, "*");
    } else {
      h.put(ACAO, origin);
      h.put(ACAC, "true");
    }
  }

  private void preflight(HttpServerExchange exchange) {
    cors(exchange);
    HeaderMap h = exchange.getResponseHeaders();
    String requested = exchange.getRequestHeaders().getFirst(ACRH);
    h.put(
        ACAH, requested == null || requested.isEmpty() ? "Content-Type, SP-Anonymous" : requested);
    h.put(ACAM, "POST, GET, HEAD, OPTIONS");
    h.put(ACMA, "3600");
    exchange.setStatusCode(200);
    exchange.endExchange();
  }

  private RequestInfo requestInfo(HttpServerExchange exchange) {
    HeaderMap in = exchange.getRequestHeaders();
    boolean anonymous = in.contains(SP_ANONYMOUS);
    String ip = null;
    String nuid;
    if (anonymous) {
      nuid = RequestInfo.ANONYMOUS_NUID;
    } else {
      ip = ClientAddress.of(exchange.getSourceAddress(), in, config.trustedProxyRanges());
      nuid = networkUserId(exchange);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    int budget = config.maxHeaderBytesPerRecord();
    boolean truncated = false;
    for (HeaderValues values : in) {
      HttpString name = values.getHeaderName();
      if (CREDENTIAL_HEADERS.contains(name)
          || (anonymous && Headers.X_FORWARDED_FOR.equals(name))) {
        continue;
      }
      String value = values.size() == 1 ? values.getFirst() : String.join(", ", values);
      int size = name.length() + value.length();
      if (size > budget) {
        truncated = true;
        continue;
      }
      budget -= size;
      headers.put(name.toString(), value);
    }
    return new RequestInfo(
        System.currentTimeMillis(),
        exchange.getRequestPath(),
        ip,
        cut(in.getFirst(Headers.USER_AGENT)),
        cut(in.getFirst(Headers.REFERER)),
        cut(in.getFirst(Headers.CONTENT_TYPE)),
        nuid,
        headers,
        truncated);
  }

  /**
   * Header values copied into their own fields (user agent, referer, content type) are cut at
   * {@link #MAX_HEADER_FIELD_CHARS}, the width of Snowplow's longest atomic text columns: the
   * per-record header limit must bound them too.
   */
  private static String cut(String value) {
    return value == null || value.length() <= MAX_HEADER_FIELD_CHARS
        ? value
        : value.substring(0, MAX_HEADER_FIELD_CHARS);
  }

  /**
   * The {@code nuid} query parameter when it is a UUID (it is written into {@code Set-Cookie}: any
   * other text could add cookie attributes or other cookies), else the cookie when it is a UUID,
   * else a new one.
   */
  private String networkUserId(HttpServerExchange exchange) {
    Deque<String> fromQuery = exchange.getQueryParameters().get("nuid");
    if (fromQuery != null && !fromQuery.isEmpty() && isUuid(fromQuery.getFirst())) {
      return fromQuery.getFirst();
    }
    if (config.cookie().enabled()) {
      Cookie cookie = exchange.getRequestCookie(config.cookie().name());
      if (cookie != null && isUuid(cookie.getValue())) {
        return cookie.getValue();
      }
    }
    return Ids.randomUuid();
  }

  /**
   * Whether the request carries {@code Authorization: Bearer <token>}; compared in constant time.
   */
  private static boolean bearerTokenMatches(String token, HttpServerExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(
        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
        token.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isUuid(String s) {
    return s != null && s.length() == 36 && UUID_TEXT.matcher(s).matches();
  }

  /**
   * {@code /micro/*}: off unless configured; then for loopback clients (the socket's address, never
   * {@code X-Forwarded-For}) and for clients sending the configured bearer token. Its answers show
   * IPs and user ids, so they carry no CORS headers: no web page can read them.
   */
  private void micro(HttpServerExchange exchange, String path) {
    if (micro == null) {
      text(
          exchange,
          404,
          "text/plain",
          "/micro is turned off on this collector (it shows IPs and user ids); turn it on with"
              + " --micro, for loopback clients or a bearer token");
      return;
    }
    InetSocketAddress source = exchange.getSourceAddress();
    boolean loopback =
        source != null && source.getAddress() != null && source.getAddress().isLoopbackAddress();
    if (!loopback && !bearerTokenMatches(config.microToken(), exchange)) {
      text(
          exchange,
          403,
          "text/plain",
          config.microToken() == null
              ? "/micro answers loopback clients only on this collector"
              : "/micro needs `Authorization: Bearer <token>` from non-loopback clients");
      return;
    }
    switch (path) {
      case "/micro/good" -> json(exchange, micro.good());
      case "/micro/bad" -> json(exchange, micro.bad());
      case "/micro/reset" -> {
        micro.reset();
        json(exchange, micro.counts());
      }
      default -> json(exchange, micro.counts());
    }
  }

  private static Map<String, String> firstValues(Map<String, Deque<String>> query) {
    Map<String, String> params = new LinkedHashMap<>(query.size() * 2);
    query.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            params.put(k, v.getFirst());
          }
        });
    return params;
  }

  private static void text(HttpServerExchange exchange, int status, String type, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    exchange.getResponseSender().send(body);
  }

  private void json(HttpServerExchange exchange, Object value) {
    try {
      String body = mapper.writeValueAsString(value);
      text(exchange, 200, "application/json", body);
    } catch (JsonProcessingException e) {
      text(exchange, 500, "text/plain", "could not render JSON: " + e.getMessage());
    }
  }
}
