package dev.walnut.components.base.kafka;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.Suggestion;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.design.ComponentCallException;
import dev.walnut.engine.design.NodeQueries;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the designer asks a Kafka node through the engine: the broker's topics for the `Topic`
 * dropdown, and the newest records of the source's topic as test-run input.
 */
class KafkaDesignQueriesTest {
  private final NodeQueries queries = new NodeQueries(ComponentRegistry.load());

  private static Scenario scenario() {
    return ScenarioBuilder.id("suggest")
        .source("in", "kafka", param("Topic", "'clicks'"))
        .sink("out", "kafka", param("Topic", "''"), param("Value", "#input"));
  }

  @Test
  void sourceAndSinkSuggestTheBrokersTopicsWithTheirPartitions() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("clicks", 3);
      kafka.createTopic("a-orders", 1);
      Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());

      List<Suggestion> forSource = queries.suggest(scenario(), "in", "Topic", props);
      assertThat(forSource)
          .containsSubsequence(
              new Suggestion("'a-orders'", "a-orders", "1 partition"),
              new Suggestion("'clicks'", "clicks", "3 partitions"));
      assertThat(forSource).extracting(Suggestion::label).doesNotContain("__consumer_offsets");
      assertThat(queries.suggest(scenario(), "out", "Topic", props)).isEqualTo(forSource);
    }
  }

  @Test
  void anUnreachableBrokerIsNamedInTheError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> props = Map.of("kafka.bootstrap.servers", "127.0.0.1:" + port);
    assertThatThrownBy(() -> queries.suggest(scenario(), "in", "Topic", props))
        .isInstanceOf(ComponentCallException.class)
        .hasMessageContaining("component `kafka` cannot suggest values for `Topic`")
        .hasMessageContaining("Kafka at 127.0.0.1:" + port + " did not list its topics");
  }

  @Test
  void parametersWithoutSuggestionsAndUnknownNodesAreRefused() {
    assertThatThrownBy(() -> queries.suggest(scenario(), "in", "Start from", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "component `kafka` suggests no values for parameter `Start from` (it suggests: Topic)");
    assertThatThrownBy(() -> queries.suggest(scenario(), "nope", "Topic", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no node `nope`");
  }

  @Test
  void captureReturnsTheNewestRecordsAcrossPartitionsOldestFirstWithoutCommitting()
      throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("clicks", 2);
      KafkaRecords data = KafkaRecords.of(kafka);
      // one record per millisecond, keyed so that they spread over both partitions: the capture
      // orders by record timestamp, which then is the production order
      for (int i = 1; i <= 6; i++) {
        String value = "{\"n\":" + i + "}";
        data.produce("clicks", Stream.of(value), v -> v);
        long produced = System.currentTimeMillis();
        while (System.currentTimeMillis() == produced) {
          Thread.onSpinWait();
        }
      }
      data.produce("clicks", List.of("{\n  \"n\": 7\n}"));
      Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());

      assertThat(queries.capture(scenario(), "in", 3, props))
          .containsExactly("{\"n\":5}", "{\"n\":6}", "{\"n\":7}");
      assertThat(queries.capture(scenario(), "in", 100, props)).hasSize(7).startsWith("{\"n\":1}");
      assertThatThrownBy(() -> queries.capture(scenario(), "out", 3, props))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("node `out` is not a source");

      Scenario missing =
          ScenarioBuilder.id("suggest")
              .source("in", "kafka", param("Topic", "'nope'"))
              .sink("out", "kafka", param("Topic", "'x'"), param("Value", "#input"));
      assertThatThrownBy(() -> queries.capture(missing, "in", 3, props))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("component `kafka` cannot capture records: topic `nope`");
      Scenario perRecord =
          ScenarioBuilder.id("suggest")
              .source("in", "kafka", param("Topic", "#meta.id"))
              .sink("out", "kafka", param("Topic", "'x'"), param("Value", "#input"));
      assertThatThrownBy(() -> queries.capture(perRecord, "in", 3, props))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("set `Topic` to a topic name");
    }
  }
}
