package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A real KRaft broker and a collector in front of it, for tests. */
public final class CollectorFixture implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();
  public final EmbeddedKafka kafka;
  public final CollectorServer collector;

  public CollectorFixture() {
    this(b -> b);
  }

  public CollectorFixture(UnaryOperator<CollectorConfig.Builder> settings) {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    kafka.createTopic("snowplow-good", 2);
    kafka.createTopic("snowplow-bad", 1);
    collector =
        CollectorServer.start(
            settings
                .apply(
                    CollectorConfig.builder()
                        .host("127.0.0.1")
                        .port(0)
                        .bootstrapServers(kafka.bootstrapServers())
                        .cookie(CookieSettings.localDevelopment())
                        // tests read what arrived through /micro, over loopback
                        .micro(true, null))
                .build());
  }

  /**
   * Another collector on this fixture's broker, writing to its own new topics {@code <prefix>-good}
   * and {@code <prefix>-bad}; the caller closes it.
   */
  public CollectorServer another(String prefix, UnaryOperator<CollectorConfig.Builder> settings) {
    kafka.createTopic(prefix + "-good", 1);
    kafka.createTopic(prefix + "-bad", 1);
    return CollectorServer.start(
        settings
            .apply(
                CollectorConfig.builder()
                    .host("127.0.0.1")
                    .port(0)
                    .bootstrapServers(kafka.bootstrapServers())
                    .goodTopic(prefix + "-good")
                    .badTopic(prefix + "-bad")
                    .cookie(CookieSettings.localDevelopment()))
            .build());
  }

  public String url() {
    return "http://127.0.0.1:" + collector.port();
  }

  /** Exactly {@code count} JSON records of {@code topic} (fails if fewer arrive in time). */
  public List<JsonNode> records(String topic, int count) {
    List<JsonNode> out = new ArrayList<>();
    for (ConsumedRecord r : KafkaRecords.of(kafka).consume(topic, count, Duration.ofSeconds(60))) {
      out.add(parse(r.value()));
    }
    return out;
  }

  public List<ConsumedRecord> all(String topic) {
    return KafkaRecords.of(kafka).consumeAll(topic, Duration.ofSeconds(30));
  }

  public static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      collector.close();
    } finally {
      kafka.close();
    }
  }
}
