package dev.walnut.kafka;

import dev.walnut.api.NodeContext;
import dev.walnut.api.outbound.KafkaClientProperties;
import java.util.Map;
import java.util.Properties;

/**
 * Where Kafka is: the scenario property {@code kafka.bootstrap.servers} (the CLI sets it from
 * {@code --kafka} / {@code --embedded-kafka}), else the environment variable {@code
 * KAFKA_BOOTSTRAP_SERVERS}. Further {@code kafka.*} properties are passed to clients when {@link
 * KafkaClientProperties} allows them (keys and values); any other is refused, so a scenario cannot
 * load classes into, point credentials from, or weaken the acknowledgements of the process's Kafka
 * clients.
 */
public final class KafkaSettings {
  public static final String BOOTSTRAP = "kafka.bootstrap.servers";
  public static final String ENV = "KAFKA_BOOTSTRAP_SERVERS";

  private KafkaSettings() {}

  public static String bootstrapServers(NodeContext ctx) {
    return bootstrapServers(ctx.scenarioProperties(), "node `" + ctx.nodeId() + "`: ");
  }

  /**
   * @param where prefix of the error message naming what needs Kafka
   */
  public static String bootstrapServers(Map<String, String> scenarioProperties, String where) {
    String fromScenario = scenarioProperties.get(BOOTSTRAP);
    if (fromScenario != null && !fromScenario.isBlank()) {
      return fromScenario;
    }
    String fromEnv = System.getenv(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    throw new IllegalStateException(
        where
            + "no Kafka configured; set the scenario property `"
            + BOOTSTRAP
            + "`, the environment variable "
            + ENV
            + ", or run with --kafka HOST:PORT / --embedded-kafka");
  }

  /**
   * The other {@code kafka.*} scenario properties, without the prefix.
   *
   * @throws IllegalArgumentException naming a key or value {@link KafkaClientProperties} refuses
   */
  public static Properties clientProperties(Map<String, String> scenarioProperties) {
    Properties p = new Properties();
    scenarioProperties.forEach(
        (k, v) -> {
          if (k.startsWith("kafka.") && !k.equals(BOOTSTRAP)) {
            String key = k.substring("kafka.".length());
            KafkaClientProperties.refusal(key, v)
                .ifPresent(
                    reason -> {
                      throw new IllegalArgumentException(
                          "scenario property `" + k + "`: " + reason);
                    });
            p.setProperty(key, v);
          }
        });
    return p;
  }
}
