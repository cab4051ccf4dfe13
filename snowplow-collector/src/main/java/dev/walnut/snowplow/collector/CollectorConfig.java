package dev.walnut.snowplow.collector;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the collector can be told, with safe defaults: topics {@code snowplow-good} / {@code
 * snowplow-bad}, the Snowplow {@code sp} cookie ({@code SameSite=None; Secure}, one year), 1 MiB
 * bodies, at most 1,000 events per request and 8 KiB of headers per record, 10 s request timeout,
 * at most 10,000 events waiting for Kafka, 2,048 connections, {@code X-Forwarded-For} ignored (no
 * trusted proxies), {@code /micro} off. Build with {@link #builder()}; the builder says which value
 * to fix.
 */
public final class CollectorConfig {
  private final String host;
  private final int port;
  private final String bootstrapServers;
  private final String goodTopic;
  private final String badTopic;
  private final Map<String, String> producerProperties;
  private final CookieSettings cookie;
  private final int maxBodyBytes;
  private final int maxHeaderBytes;
  private final Duration requestTimeout;
  private final int maxEventsInFlight;
  private final boolean redirectEnabled;
  private final Set<String> redirectAllowedHosts;
  private final Map<String, String> pathAliases;
  private final int microBufferSize;
  private final boolean microEnabled;
  private final String microToken;
  private final int ioThreads;
  private final int maxEventsPerRequest;
  private final int maxHeaderBytesPerRecord;
  private final int maxConnections;
  private final List<Cidr> trustedProxies;

  private CollectorConfig(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.bootstrapServers = b.bootstrapServers;
    this.goodTopic = b.goodTopic;
    this.badTopic = b.badTopic;
    this.producerProperties = Map.copyOf(b.producerProperties);
    this.cookie = b.cookie;
    this.maxBodyBytes = b.maxBodyBytes;
    this.maxHeaderBytes = b.maxHeaderBytes;
    this.requestTimeout = b.requestTimeout;
    this.maxEventsInFlight = b.maxEventsInFlight;
    this.redirectEnabled = b.redirectEnabled;
    this.redirectAllowedHosts = Set.copyOf(b.redirectAllowedHosts);
    this.pathAliases = Map.copyOf(b.pathAliases);
    this.microBufferSize = b.microBufferSize;
    this.microEnabled = b.microEnabled;
    this.microToken = b.microToken;
    this.ioThreads = b.ioThreads;
    this.maxEventsPerRequest = b.maxEventsPerRequest;
    this.maxHeaderBytesPerRecord = b.maxHeaderBytesPerRecord;
    this.maxConnections = b.maxConnections;
    this.trustedProxies = List.copyOf(b.trustedProxies);
  }

  /** A builder with the defaults; only {@code bootstrapServers} has none. */
  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  /** The HTTP port; 0 picks a free one (see {@link CollectorServer#port()}). */
  public int port() {
    return port;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public String goodTopic() {
    return goodTopic;
  }

  public String badTopic() {
    return badTopic;
  }

  /** Extra producer properties; they override the collector's delivery settings. */
  public Map<String, String> producerProperties() {
    return producerProperties;
  }

  public CookieSettings cookie() {
    return cookie;
  }

  /** Bodies (and query strings) above this become {@code size_violation} bad rows. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  public int maxHeaderBytes() {
    return maxHeaderBytes;
  }

  /** How long a request may wait for Kafka before it is answered 503. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** Events sent to Kafka and not yet acknowledged; above it requests are answered 503 at once. */
  public int maxEventsInFlight() {
    return maxEventsInFlight;
  }

  public boolean redirectEnabled() {
    return redirectEnabled;
  }

  public Set<String> redirectAllowedHosts() {
    return redirectAllowedHosts;
  }

  /** Extra POST paths ({@code /my/path} → {@code com.snowplowanalytics.snowplow/tp2}). */
  public Map<String, String> pathAliases() {
    return pathAliases;
  }

  public int microBufferSize() {
    return microBufferSize;
  }

  /** Whether {@code /micro/*} answers at all (off by default: it shows IPs and user ids). */
  public boolean microEnabled() {
    return microEnabled;
  }

  /** The bearer token that opens {@code /micro/*} to non-loopback clients; null: loopback only. */
  String microToken() {
    return microToken;
  }

  public int ioThreads() {
    return ioThreads;
  }

  /** Events one request may carry; a request with more becomes one {@code size_violation}. */
  public int maxEventsPerRequest() {
    return maxEventsPerRequest;
  }

  /** Bytes of request headers (names and values as received) kept in each record. */
  public int maxHeaderBytesPerRecord() {
    return maxHeaderBytesPerRecord;
  }

  /** Open connections; further clients wait in the listen backlog until one closes. */
  public int maxConnections() {
    return maxConnections;
  }

  /**
   * Proxies whose {@code X-Forwarded-For} is believed, as CIDRs ({@code 10.0.0.0/8}); empty: the IP
   * is always the socket's.
   */
  public List<String> trustedProxies() {
    return trustedProxies.stream().map(Cidr::toString).toList();
  }

  List<Cidr> trustedProxyRanges() {
    return trustedProxies;
  }

  /** Validating builder. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = 8090;
    private String bootstrapServers;
    private String goodTopic = "snowplow-good";
    private String badTopic = "snowplow-bad";
    private Map<String, String> producerProperties = Map.of();
    private CookieSettings cookie = CookieSettings.snowplowDefaults();
    private int maxBodyBytes = 1024 * 1024;
    private int maxHeaderBytes = 64 * 1024;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private int maxEventsInFlight = 10_000;
    private boolean redirectEnabled;
    private Set<String> redirectAllowedHosts = Set.of();
    private Map<String, String> pathAliases = Map.of();
    private int microBufferSize = 1_000;
    private boolean microEnabled;
    private String microToken;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int maxEventsPerRequest = 1_000;
    private int maxHeaderBytesPerRecord = 8 * 1024;
    private int maxConnections = 2_048;
    private List<Cidr> trustedProxies = List.of();

    private Builder() {}

    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    public Builder bootstrapServers(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
      return this;
    }

    public Builder goodTopic(String topic) {
      this.goodTopic = requireTopic("good", topic);
      return this;
    }

    public Builder badTopic(String topic) {
      this.badTopic = requireTopic("bad", topic);
      return this;
    }

    public Builder producerProperties(Map<String, String> properties) {
      this.producerProperties = Objects.requireNonNull(properties, "producerProperties");
      return this;
    }

    public Builder cookie(CookieSettings cookie) {
      this.cookie = Objects.requireNonNull(cookie, "cookie");
      return this;
    }

    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = positive("maxBodyBytes", bytes);
      return this;
    }

    public Builder maxHeaderBytes(int bytes) {
      this.maxHeaderBytes = positive("maxHeaderBytes", bytes);
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.toMillis() < 100) {
        throw new IllegalArgumentException(
            "requestTimeout must be at least 100 ms, got " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    public Builder maxEventsInFlight(int events) {
      this.maxEventsInFlight = positive("maxEventsInFlight", events);
      return this;
    }

    /** Turns {@code /r/tp2?u=URL} on; only URLs whose host is in {@code allowedHosts}. */
    public Builder redirect(boolean enabled, Set<String> allowedHosts) {
      this.redirectEnabled = enabled;
      this.redirectAllowedHosts = Objects.requireNonNull(allowedHosts, "allowedHosts");
      return this;
    }

    public Builder pathAliases(Map<String, String> aliases) {
      for (String path : aliases.keySet()) {
        if (!path.startsWith("/")) {
          throw new IllegalArgumentException("path alias must start with `/`, got `" + path + "`");
        }
      }
      this.pathAliases = aliases;
      return this;
    }

    public Builder microBufferSize(int size) {
      this.microBufferSize = positive("microBufferSize", size);
      return this;
    }

    /**
     * Turns {@code /micro/*} on: for loopback clients, and for others that send {@code
     * Authorization: Bearer <token>} when {@code token} is not null.
     */
    public Builder micro(boolean enabled, String token) {
      if (token != null && token.length() < 16) {
        throw new IllegalArgumentException(
            "the /micro token must be at least 16 characters, got " + token.length());
      }
      this.microEnabled = enabled;
      this.microToken = token;
      return this;
    }

    public Builder ioThreads(int threads) {
      this.ioThreads = positive("ioThreads", threads);
      return this;
    }

    public Builder maxEventsPerRequest(int events) {
      this.maxEventsPerRequest = positive("maxEventsPerRequest", events);
      return this;
    }

    public Builder maxHeaderBytesPerRecord(int bytes) {
      this.maxHeaderBytesPerRecord = positive("maxHeaderBytesPerRecord", bytes);
      return this;
    }

    public Builder maxConnections(int connections) {
      this.maxConnections = positive("maxConnections", connections);
      return this;
    }

    /**
     * Proxies (CIDRs or single addresses, IPv4 or IPv6) whose {@code X-Forwarded-For} is believed.
     *
     * @throws IllegalArgumentException naming the entry that is not an address or CIDR
     */
    public Builder trustedProxies(List<String> cidrs) {
      this.trustedProxies = cidrs.stream().map(Cidr::parse).toList();
      return this;
    }

    public CollectorConfig build() {
      if (bootstrapServers == null || bootstrapServers.isBlank()) {
        throw new IllegalStateException(
            "the collector needs Kafka: set bootstrapServers (--kafka HOST:PORT or"
                + " --embedded-kafka)");
      }
      if (goodTopic.equals(badTopic)) {
        throw new IllegalStateException(
            "good and bad topics must differ, both are `" + goodTopic + "`");
      }
      String acks = producerProperties.get("acks");
      if (acks != null && !acks.equals("all") && !acks.equals("-1")) {
        throw new IllegalStateException(
            "producer property acks="
                + acks
                + " would answer 200 before every replica has the event; the collector always"
                + " uses acks=all");
      }
      if ("false".equalsIgnoreCase(producerProperties.get("enable.idempotence"))) {
        throw new IllegalStateException(
            "producer property enable.idempotence=false would let retries duplicate events; the"
                + " collector always uses the idempotent producer");
      }
      String maxRequest = producerProperties.get("max.request.size");
      if (maxRequest != null && KafkaOutput.parseBytes(maxRequest) < 100_000) {
        throw new IllegalStateException(
            "producer property max.request.size="
                + maxRequest
                + " must be at least 100000 bytes: bad rows (payload cut at 10,000 characters)"
                + " must always fit in a Kafka request");
      }
      for (String fixed : List.of("key.serializer", "value.serializer")) {
        if (producerProperties.containsKey(fixed)) {
          throw new IllegalStateException(
              "producer property " + fixed + " is fixed by the collector (bytes)");
        }
      }
      return new CollectorConfig(this);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + value);
      }
      return value;
    }

    private static String requireTopic(String which, String topic) {
      if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException(
            "the " + which + " topic must be a Kafka topic name, got `" + topic + "`");
      }
      return topic;
    }
  }
}
