package dev.walnut.components.base.kafka;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.Suggestion;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.suggest.ParameterSuggester;
import dev.walnut.engine.suggest.SuggestionException;
import dev.walnut.testkit.kafka.EmbeddedKafka;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The designer's dropdown for `Topic`: the broker's topics, asked through the engine. */
class KafkaTopicSuggestionsTest {
  private final ParameterSuggester suggester = new ParameterSuggester(ComponentRegistry.load());

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

      List<Suggestion> forSource = suggester.suggest(scenario(), "in", "Topic", props);
      assertThat(forSource)
          .containsSubsequence(
              new Suggestion("'a-orders'", "a-orders", "1 partition"),
              new Suggestion("'clicks'", "clicks", "3 partitions"));
      assertThat(forSource).extracting(Suggestion::label).doesNotContain("__consumer_offsets");
      assertThat(suggester.suggest(scenario(), "out", "Topic", props)).isEqualTo(forSource);
    }
  }

  @Test
  void anUnreachableBrokerIsNamedInTheError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> props = Map.of("kafka.bootstrap.servers", "127.0.0.1:" + port);
    assertThatThrownBy(() -> suggester.suggest(scenario(), "in", "Topic", props))
        .isInstanceOf(SuggestionException.class)
        .hasMessageContaining("component `kafka` cannot suggest values for `Topic`")
        .hasMessageContaining("Kafka at 127.0.0.1:" + port + " did not list its topics");
  }

  @Test
  void parametersWithoutSuggestionsAndUnknownNodesAreRefused() {
    assertThatThrownBy(() -> suggester.suggest(scenario(), "in", "Start from", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "component `kafka` suggests no values for parameter `Start from` (it suggests: Topic)");
    assertThatThrownBy(() -> suggester.suggest(scenario(), "nope", "Topic", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no node `nope`");
  }
}
