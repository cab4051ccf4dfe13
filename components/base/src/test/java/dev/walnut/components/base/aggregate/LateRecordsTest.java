package dev.walnut.components.base.aggregate;

import static dev.walnut.components.base.aggregate.AggregateTumblingTest.event;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.json.JsonValues;
import dev.walnut.components.base.RecordedMetrics;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Late records, deterministically: the windows and sessions are deployed against a real KRaft
 * broker, so the test can wait until the watermark has provably passed a window (its result is on
 * the output topic) before it sends a record into that window. Test runs read a file too fast for
 * the periodic watermarks to fall between given records.
 */
class LateRecordsTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static EmbeddedKafka kafka;
  private static KafkaRecords data;
  private static LocalFlinkCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    data = KafkaRecords.of(kafka);
    cluster = LocalFlinkCluster.start(0, 2, RecordedMetrics.CONFIG);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Scenario scenario(String id, String component, String... windowParams) {
    List<dev.walnut.engine.scenario.NodeParameter> params = new ArrayList<>();
    params.add(param("groupBy", "#input.key"));
    params.add(param("aggregator", "'list'"));
    params.add(param("aggregateBy", "#input.value"));
    for (int i = 0; i < windowParams.length; i += 2) {
      params.add(param(windowParams[i], windowParams[i + 1]));
    }
    return ScenarioBuilder.id(id)
        .parallelism(1)
        .source(
            "events",
            "kafka",
            param("Topic", "'" + id + "-in'"),
            param("Timestamp field", "'t'"),
            param("Max out of orderness", "'PT1S'"))
        .customNode(
            "window",
            component,
            "window",
            params.toArray(new dev.walnut.engine.scenario.NodeParameter[0]))
        .sink("out", "kafka", param("Topic", "'" + id + "-out'"), param("Value", "#window"));
  }

  private static void produce(String topic, Map<?, ?>... events) {
    data.produce(topic, Stream.of(events).map(JsonValues::write));
  }

  private static List<Object> consume(String topic, int count) {
    List<Object> out = new ArrayList<>();
    for (String value : data.consumeValues(topic, count, TIMEOUT)) {
      try {
        out.add(JsonValues.parse(value));
      } catch (Exception e) {
        throw new AssertionError("not JSON on " + topic + ": " + value, e);
      }
    }
    return out;
  }

  @Test
  void aTumblingWindowDropsAndCountsARecordForAWindowTheWatermarkHasPassed() {
    String id = "late-tumbling";
    kafka.createTopic(id + "-in", 1);
    kafka.createTopic(id + "-out", 1);
    Scenario scenario =
        scenario(id, "aggregate-tumbling", "windowLength", "'PT10M'", "emitWhen", "'OnEnd'");
    produce(id + "-in", event("a", "a1", 1), event("a", "a2", 2), event("a", "a12", 12));

    try (DeployedScenario job =
        DeployedScenario.deploy(
            scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), cluster)) {
      job.awaitRunning(TIMEOUT);
      // the watermark passed minute 10: window [0, 10) is out
      assertThat(consume(id + "-out", 1)).containsExactly(List.of("a1", "a2"));

      // late for [0, 10); then minute 25 closes [10, 20)
      produce(id + "-in", event("a", "late5", 5), event("a", "a25", 25));

      assertThat(consume(id + "-out", 2)).containsExactly(List.of("a1", "a2"), List.of("a12"));
      assertThat(RecordedMetrics.counter(id, "window", "lateRecords")).isEqualTo(1);
    }
  }

  @Test
  void aSessionDropsAndCountsARecordAtOrBeforeTheWatermarkAndEndsOnTimeout() {
    String id = "late-session";
    kafka.createTopic(id + "-in", 1);
    kafka.createTopic(id + "-out", 1);
    Scenario scenario =
        scenario(id, "aggregate-session", "sessionTimeout", "'PT5M'", "emitWhen", "'OnEnd'");
    // a1, a2 one session; minute 20 is 18 minutes later: the first session timed out
    produce(id + "-in", event("a", "a1", 1), event("a", "a2", 2), event("a", "a20", 20));

    try (DeployedScenario job =
        DeployedScenario.deploy(
            scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()), cluster)) {
      job.awaitRunning(TIMEOUT);
      assertThat(consume(id + "-out", 1)).containsExactly(List.of("a1", "a2"));

      // minute 3 would have extended the emitted session: late; minute 40 ends a20's session
      produce(id + "-in", event("a", "late3", 3), event("a", "a40", 40));

      assertThat(consume(id + "-out", 2)).containsExactly(List.of("a1", "a2"), List.of("a20"));
      assertThat(RecordedMetrics.counter(id, "window", "lateRecords")).isEqualTo(1);
    }
  }
}
