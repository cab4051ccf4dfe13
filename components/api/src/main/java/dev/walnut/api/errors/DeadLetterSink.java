package dev.walnut.api.errors;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where a deployed scenario's failed records go: the engine finds implementations through {@link
 * java.util.ServiceLoader} and hands its errors stream (JSON lines as {@link RecordErrors}
 * describes them, values redacted as the scenario says) to the first that accepts the scenario.
 * Walnut ships a Kafka one (a dead-letter topic per scenario); with none accepting, the errors are
 * logged and counted.
 */
@PublicEvolving
public interface DeadLetterSink {

  /** Whether this sink can take the scenario's errors (e.g. the scenario names a Kafka cluster). */
  boolean accepts(Map<String, String> scenarioProperties);

  /**
   * Adds the sink to the job, named and uid'd from {@code uidPrefix}; returns where the errors go,
   * for the logs and the designer (e.g. {@code Kafka topic walnut-errors-clicks}).
   */
  String attach(
      DataStream<String> errors,
      String scenarioId,
      Map<String, String> scenarioProperties,
      String uidPrefix);
}
