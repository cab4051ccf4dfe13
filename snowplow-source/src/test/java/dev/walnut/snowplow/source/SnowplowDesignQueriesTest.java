package dev.walnut.snowplow.source;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.Suggestion;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.design.NodeQueries;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The designer's questions to a `snowplow` node: its `Topic` dropdown lists the broker's topics,
 * and a capture reads the collector's topic (the default `snowplow-good` when the node leaves it
 * out) as test-run input.
 */
class SnowplowDesignQueriesTest {

  @Test
  void suggestsTopicsAndCapturesTheDefaultTopicsNewestRecords() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("snowplow-good", 1);
      List<String> events =
          List.of(
              "{\"event_id\":\"e1\",\"event\":\"page_view\"}",
              "{\"event_id\":\"e2\",\"event\":\"page_view\"}",
              "{\"event_id\":\"e3\",\"event\":\"page_view\"}");
      KafkaRecords.of(kafka).produce("snowplow-good", events);
      Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
      Scenario scenario =
          ScenarioBuilder.id("snowplow-design")
              .source("snowplow", "snowplow")
              .sink("out", "kafka", param("Topic", "'views'"), param("Value", "#input.eventId"));
      NodeQueries queries = new NodeQueries(ComponentRegistry.load());

      assertThat(queries.suggest(scenario, "snowplow", "Topic", props))
          .contains(new Suggestion("'snowplow-good'", "snowplow-good", "1 partition"));
      assertThat(queries.capture(scenario, "snowplow", 2, props))
          .containsExactlyElementsOf(events.subList(1, 3));
    }
  }
}
