package dev.walnut.api.outbound;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Kafka client settings a scenario may pass through {@code kafka.*} properties (the key without
 * the prefix), with what each value may be. Everything else is refused: keys that load classes
 * ({@code interceptor.classes}, {@code sasl.login.callback.handler.class}, ...), carry credentials
 * or JAAS modules ({@code sasl.jaas.config}), make the client call URLs ({@code
 * sasl.oauthbearer.token.endpoint.url}), read the process's files or weaken TLS ({@code ssl.*}), or
 * lose acknowledged data ({@code acks=0}, {@code enable.idempotence=false}).
 *
 * <p>The operator may allow further keys, with any value, through the system property {@value
 * #ALLOWED_PROPERTY} or the environment variable {@value #ALLOWED_ENV} (comma-separated keys), e.g.
 * for SASL configured by the operator.
 */
@PublicEvolving
public final class KafkaClientProperties {
  public static final String ALLOWED_PROPERTY = "walnut.kafka.properties.allowed";
  public static final String ALLOWED_ENV = "WALNUT_KAFKA_PROPERTIES_ALLOWED";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  private interface Rule {
    /** What is wrong with {@code value}, or empty. */
    Optional<String> check(String value);
  }

  private static final Map<String, Rule> SAFE = safe();

  private KafkaClientProperties() {}

  private static Map<String, Rule> safe() {
    Map<String, Rule> m = new LinkedHashMap<>();
    m.put("acks", oneOf("all", "-1"));
    m.put("compression.type", oneOf("none", "gzip", "snappy", "lz4", "zstd"));
    m.put("linger.ms", between(0, 60_000));
    m.put("batch.size", between(0, 16L << 20));
    m.put("max.request.size", between(1, 16L << 20));
    m.put("request.timeout.ms", between(1, 600_000));
    m.put("delivery.timeout.ms", between(1, 3_600_000));
    m.put("max.block.ms", between(0, 600_000));
    m.put("retry.backoff.ms", between(0, 60_000));
    m.put("max.poll.records", between(1, 100_000));
    m.put("fetch.min.bytes", between(1, 50L << 20));
    m.put("fetch.max.bytes", between(1, 50L << 20));
    m.put("max.partition.fetch.bytes", between(1, 50L << 20));
    m.put("fetch.max.wait.ms", between(0, 60_000));
    m.put("session.timeout.ms", between(1, 600_000));
    m.put("heartbeat.interval.ms", between(1, 600_000));
    m.put("partition.discovery.interval.ms", between(0, 86_400_000));
    m.put("isolation.level", oneOf("read_committed", "read_uncommitted"));
    m.put(
        "client.id",
        v ->
            ID.matcher(v).matches()
                ? Optional.empty()
                : Optional.of("[A-Za-z0-9._-], at most 100"));
    m.put("client.rack", m.get("client.id"));
    m.put("security.protocol", oneOf("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"));
    m.put("sasl.mechanism", oneOf("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"));
    return Map.copyOf(m);
  }

  /** The keys allowed without any configuration (without the {@code kafka.} prefix). */
  public static Set<String> safeKeys() {
    return new java.util.TreeSet<>(SAFE.keySet());
  }

  /**
   * Why {@code key} (without {@code kafka.}) may not be set to {@code value}, or empty when it may.
   */
  public static Optional<String> refusal(String key, String value) {
    if (operatorAllowed().contains(key)) {
      return Optional.empty();
    }
    Rule rule = SAFE.get(key);
    if (rule == null) {
      return Optional.of(
          "Kafka client setting `"
              + key
              + "` may not be set from a scenario; allowed: "
              + String.join(", ", safeKeys())
              + " (the operator may allow more with -D"
              + ALLOWED_PROPERTY
              + " or "
              + ALLOWED_ENV
              + ")");
    }
    String v = value == null ? "" : value.trim();
    return rule.check(v)
        .map(what -> "Kafka client setting `" + key + "` must be " + what + ", got `" + v + "`");
  }

  private static List<String> operatorAllowed() {
    String configured = System.getProperty(ALLOWED_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(ALLOWED_ENV);
    }
    if (configured == null || configured.isBlank()) {
      return List.of();
    }
    return Arrays.stream(configured.split(","))
        .map(String::trim)
        .filter(k -> !k.isEmpty())
        .toList();
  }

  private static Rule oneOf(String... choices) {
    List<String> list = List.of(choices);
    return v ->
        list.contains(v) ? Optional.empty() : Optional.of("one of " + String.join(", ", list));
  }

  private static Rule between(long min, long max) {
    String what = "a whole number from " + min + " to " + max;
    return v -> {
      try {
        long n = Long.parseLong(v);
        return n >= min && n <= max ? Optional.empty() : Optional.of(what);
      } catch (NumberFormatException e) {
        return Optional.of(what);
      }
    };
  }
}
