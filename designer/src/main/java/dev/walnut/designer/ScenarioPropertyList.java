package dev.walnut.designer;

import dev.walnut.api.outbound.KafkaClientProperties;
import dev.walnut.engine.scenario.ScenarioProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/scenario-properties}: the engine's table of scenario properties, as the
 * designer's property form renders it, and the Kafka client settings a {@code kafka.*} property may
 * carry.
 */
final class ScenarioPropertyList {
  private ScenarioPropertyList() {}

  static Map<String, Object> of() {
    List<Map<String, Object>> properties =
        ScenarioProperties.all().stream().map(ScenarioPropertyList::property).toList();
    Map<String, Object> kafka = new LinkedHashMap<>();
    kafka.put("prefix", ScenarioProperties.KAFKA_PREFIX);
    kafka.put("allowedKeys", List.copyOf(KafkaClientProperties.safeKeys()));
    kafka.put(
        "docs",
        "Other `kafka.<setting>` properties are passed to the scenario's Kafka clients when the"
            + " setting is one of these (with a safe value) or one the operator allows with -D"
            + KafkaClientProperties.ALLOWED_PROPERTY
            + " / "
            + KafkaClientProperties.ALLOWED_ENV
            + ".");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("properties", properties);
    out.put("kafkaClientSettings", kafka);
    return out;
  }

  private static Map<String, Object> property(ScenarioProperties.Property p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", p.name());
    m.put("type", p.type().name());
    m.put("default", p.defaultValue());
    m.put("expects", p.expects());
    m.put("docs", p.docs());
    return m;
  }
}
