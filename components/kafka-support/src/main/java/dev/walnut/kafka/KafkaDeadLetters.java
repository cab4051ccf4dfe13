package dev.walnut.kafka;

import dev.walnut.api.annotation.Internal;
import dev.walnut.api.errors.DeadLetterSink;
import java.util.Map;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A scenario's dead-letter topic: {@value #TOPIC_PROPERTY} or {@code walnut-errors-<scenario id>}
 * on the scenario's Kafka cluster, written at least once. Taken whenever the scenario (or the
 * process running it) names a Kafka cluster.
 */
@Internal
public final class KafkaDeadLetters implements DeadLetterSink {
  /** Scenario property naming the dead-letter topic. */
  public static final String TOPIC_PROPERTY = "errors.topic";

  /** The dead-letter topic of a scenario. */
  public static String topic(String scenarioId, Map<String, String> scenarioProperties) {
    String t = scenarioProperties.get(TOPIC_PROPERTY);
    return t == null || t.isBlank() ? "walnut-errors-" + scenarioId : t.trim();
  }

  @Override
  public boolean accepts(Map<String, String> scenarioProperties) {
    try {
      KafkaSettings.bootstrapServers(scenarioProperties, "the dead-letter topic: ");
      return true;
    } catch (IllegalStateException e) {
      return false; // no Kafka named: the engine logs the errors instead
    }
  }

  @Override
  public String attach(
      DataStream<String> errors,
      String scenarioId,
      Map<String, String> scenarioProperties,
      String uidPrefix) {
    String topic = topic(scenarioId, scenarioProperties);
    errors
        .sinkTo(
            KafkaSink.<String>builder()
                .setBootstrapServers(
                    KafkaSettings.bootstrapServers(scenarioProperties, "the dead-letter topic: "))
                .setKafkaProducerConfig(KafkaSettings.clientProperties(scenarioProperties))
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(topic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name(uidPrefix + "-dead-letters")
        .uid(uidPrefix + "-dead-letters");
    return "Kafka topic " + topic;
  }
}
