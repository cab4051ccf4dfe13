package dev.walnut.engine.validation;

import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Scenario properties are validated like parameters: one error per property, saying what to fix.
 */
class ScenarioPropertiesValidationTest {
  private final ScenarioValidator validator = new ScenarioValidator(ComponentRegistry.load());

  private List<NodeError> errors(Map<String, String> properties) {
    return validator
        .validate(scenario("s", source("in", "lines"), sink("out", "capture")), properties)
        .errors();
  }

  private static NodeError property(String name, String message) {
    return new NodeError(null, name, message);
  }

  @Test
  void badCheckpointIntervalsAreErrorsOfThatProperty() {
    String expects =
        "property `checkpointInterval` must be an ISO-8601 duration from PT0.1S to PT24H (e.g."
            + " PT10S), got `";
    for (String bad :
        List.of("junk", "PT0S", "-PT10S", "PT-5M", "PT0.01S", "P2D", "PT2562047788015216H")) {
      assertThat(errors(Map.of("checkpointInterval", bad)))
          .as(bad)
          .containsExactly(property("checkpointInterval", expects + bad + "`"));
    }
    assertThat(errors(Map.of("checkpointInterval", "PT10S"))).isEmpty();
  }

  @Test
  void parallelismMustBeWithinTheBound() {
    for (String bad : List.of("0", "-3", "100000", "two", "99999999999")) {
      assertThat(errors(Map.of("parallelism", bad)))
          .as(bad)
          .containsExactly(
              property(
                  "parallelism",
                  "property `parallelism` must be a whole number from 1 to 1024, got `"
                      + bad
                      + "`"));
    }
    assertThat(errors(Map.of("parallelism", "8"))).isEmpty();
  }

  @Test
  void kafkaClientSettingsGoThroughTheAllowList() {
    Map<String, String> props = new LinkedHashMap<>();
    props.put("kafka.bootstrap.servers", "broker-1:9092,broker-2:9092");
    props.put("kafka.compression.type", "zstd");
    props.put("kafka.sasl.jaas.config", "com.sun.security.auth.module.JndiLoginModule required;");
    props.put("kafka.sasl.oauthbearer.token.endpoint.url", "http://169.254.169.254/");
    props.put("kafka.acks", "0");
    props.put("spillStateToDisk", "true");

    assertThat(errors(props))
        .extracting(NodeError::parameter)
        .containsExactlyInAnyOrder(
            "kafka.sasl.jaas.config", "kafka.sasl.oauthbearer.token.endpoint.url", "kafka.acks");
    assertThat(errors(props))
        .extracting(NodeError::message)
        .contains(
            "property `kafka.acks`: Kafka client setting `acks` must be one of all, -1, got `0`")
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith(
                        "property `kafka.sasl.jaas.config`: Kafka client setting"
                            + " `sasl.jaas.config` may not be set from a scenario; allowed:"));
    assertThat(errors(Map.of("kafka.bootstrap.servers", "not a broker")))
        .containsExactly(
            property(
                "kafka.bootstrap.servers",
                "property `kafka.bootstrap.servers` must be HOST:PORT[,HOST:PORT...], got `not a"
                    + " broker`"));
  }

  @Test
  void theTrackingUriMustNameAnAllowedHost() {
    assertThat(errors(Map.of("mlflow.tracking.uri", "http://127.0.0.1:5000"))).isEmpty();
    assertThat(errors(Map.of("mlflow.tracking.uri", "http://169.254.169.254/latest")))
        .extracting(NodeError::message)
        .singleElement()
        .satisfies(
            m ->
                assertThat(m)
                    .startsWith(
                        "property `mlflow.tracking.uri`: the MLflow tracking URI host"
                            + " `169.254.169.254` is not allowed; allowed: 127.0.0.1, localhost,"
                            + " ::1"));
    assertThat(errors(Map.of("mlflow.tracking.uri", "file:///etc/passwd")))
        .extracting(NodeError::message)
        .containsExactly(
            "property `mlflow.tracking.uri`: the MLflow tracking URI `file:///etc/passwd` must be"
                + " an http:// or https:// URL with a host");
  }

  @Test
  void theTableDescribesEveryPropertyTheCodeReads() {
    assertThat(ScenarioProperties.all())
        .extracting(ScenarioProperties.Property::name)
        .containsExactly(
            "parallelism",
            "checkpointInterval",
            "kafka.bootstrap.servers",
            "mlflow.tracking.uri",
            "checkpointTolerableFailures",
            "errors.topic",
            "errors.variables",
            "debug.topic");
    assertThat(ScenarioProperties.validate(Map.of("errors.variables", "all")))
        .extracting(ScenarioProperties.PropertyError::message)
        .containsExactly("property `errors.variables` must be `redact` or `include`, got `all`");
    assertThat(ScenarioProperties.validate(Map.of("checkpointTolerableFailures", "-1")))
        .extracting(ScenarioProperties.PropertyError::message)
        .containsExactly(
            "property `checkpointTolerableFailures` must be a whole number from 0 to 100, got `-1`");
    assertThat(ScenarioProperties.find("checkpointInterval").orElseThrow().defaultValue())
        .isEqualTo("PT10S");
  }
}
