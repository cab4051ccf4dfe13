package dev.walnut.engine.scenario;

import dev.walnut.api.outbound.AllowedHosts;
import dev.walnut.api.outbound.KafkaClientProperties;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The scenario properties Walnut reads ({@code metaData.additionalFields.properties}), each
 * describing itself: name, documentation, type, default and validator. Validation, the designer's
 * property form ({@code GET /api/scenario-properties}) and the docs are derived from this one
 * table.
 *
 * <p>Properties not in the table are kept and ignored (Nussknacker exports carry some, such as
 * {@code spillStateToDisk}), except {@code kafka.*} ones: those are Kafka client settings, allowed
 * only as {@link KafkaClientProperties} says.
 */
public final class ScenarioProperties {
  /** The largest parallelism a scenario may ask for. */
  public static final int MAX_PARALLELISM = 1024;

  /** The shortest checkpoint interval (Flink's own minimum is 10 ms). */
  public static final Duration MIN_CHECKPOINT_INTERVAL = Duration.ofMillis(100);

  /** The longest checkpoint interval. */
  public static final Duration MAX_CHECKPOINT_INTERVAL = Duration.ofDays(1);

  public static final String PARALLELISM = MetaData.PARALLELISM;
  public static final String CHECKPOINT_INTERVAL = "checkpointInterval";
  public static final String KAFKA_BOOTSTRAP_SERVERS = "kafka.bootstrap.servers";
  public static final String MLFLOW_TRACKING_URI = "mlflow.tracking.uri";
  public static final String TOLERABLE_CHECKPOINT_FAILURES = "checkpointTolerableFailures";
  public static final String ERRORS_TOPIC = "errors.topic";
  public static final String ERRORS_VARIABLES = "errors.variables";
  public static final String DEBUG_TOPIC = "debug.topic";

  /** The most checkpoint failures in a row a scenario may tolerate. */
  public static final int MAX_TOLERABLE_CHECKPOINT_FAILURES = 100;

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._\\-]{1,249}");

  /** The prefix of Kafka client settings passed through to the scenario's Kafka clients. */
  public static final String KAFKA_PREFIX = "kafka.";

  /** What a property's value is, for the designer's editor. */
  public enum Type {
    INTEGER,
    DURATION,
    STRING,
    URL
  }

  /**
   * One known property.
   *
   * @param defaultValue what applies when the property is not set, as text (null: no default)
   * @param expects what a valid value is, as it reads in messages and forms
   */
  public record Property(
      String name,
      String docs,
      Type type,
      String defaultValue,
      String expects,
      Function<String, Optional<String>> check) {
    public Property {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(docs, "docs");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(expects, "expects");
      Objects.requireNonNull(check, "check");
    }

    /** The error for {@code value}, or empty when it is valid. */
    public Optional<String> validate(String value) {
      return check.apply(value == null ? "" : value.trim());
    }
  }

  /** A property whose value is wrong: the property's name and what to fix. */
  public record PropertyError(String property, String message) {}

  private static final Pattern HOST_PORTS =
      Pattern.compile("[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5}(,[A-Za-z0-9._\\-\\[\\]:]+:\\d{1,5})*");

  private static final List<Property> ALL =
      List.of(
          new Property(
              PARALLELISM,
              "How many parallel instances each operator of the deployed job runs (test runs use"
                  + " 1).",
              Type.INTEGER,
              "1",
              "a whole number from 1 to " + MAX_PARALLELISM,
              ScenarioProperties::checkParallelism),
          new Property(
              CHECKPOINT_INTERVAL,
              "How often the deployed job takes a checkpoint (ISO-8601 duration, e.g. PT10S);"
                  + " sinks that flush on checkpoints write at least this often.",
              Type.DURATION,
              "PT10S",
              "an ISO-8601 duration from "
                  + MIN_CHECKPOINT_INTERVAL
                  + " to "
                  + MAX_CHECKPOINT_INTERVAL
                  + ", e.g. PT10S",
              ScenarioProperties::checkCheckpointInterval),
          new Property(
              KAFKA_BOOTSTRAP_SERVERS,
              "The Kafka brokers the scenario's sources and sinks use; unset: the environment"
                  + " variable KAFKA_BOOTSTRAP_SERVERS (the CLI's --kafka and the designer's"
                  + " --kafka set it).",
              Type.STRING,
              null,
              "HOST:PORT[,HOST:PORT...]",
              v ->
                  HOST_PORTS.matcher(v).matches()
                      ? Optional.empty()
                      : Optional.of(
                          "property `"
                              + KAFKA_BOOTSTRAP_SERVERS
                              + "` must be HOST:PORT[,HOST:PORT...], got `"
                              + v
                              + "`")),
          new Property(
              MLFLOW_TRACKING_URI,
              "The MLflow tracking server of mlflow-inference and onnx-embed; unset: the"
                  + " environment variable MLFLOW_TRACKING_URI. Its host must be one the"
                  + " operator allows (-D"
                  + AllowedHosts.MLFLOW.property()
                  + " or "
                  + AllowedHosts.MLFLOW.env()
                  + "; loopback and the host of MLFLOW_TRACKING_URI by default).",
              Type.URL,
              null,
              "an http(s) URL of an allowed host",
              v ->
                  AllowedHosts.MLFLOW
                      .refusal(v)
                      .map(reason -> "property `" + MLFLOW_TRACKING_URI + "`: " + reason)),
          new Property(
              TOLERABLE_CHECKPOINT_FAILURES,
              "How many checkpoints in a row may fail (time out, a sink cannot flush) before the"
                  + " deployed job restarts from the last good one.",
              Type.INTEGER,
              "5",
              "a whole number from 0 to " + MAX_TOLERABLE_CHECKPOINT_FAILURES,
              v ->
                  wholeNumber(
                      TOLERABLE_CHECKPOINT_FAILURES, v, 0, MAX_TOLERABLE_CHECKPOINT_FAILURES)),
          new Property(
              ERRORS_TOPIC,
              "The dead-letter topic of the deployed job: every record a node failed on, with the"
                  + " node, the reason and the time; unset: walnut-errors-<scenario id>.",
              Type.STRING,
              null,
              "a Kafka topic name",
              v -> topicName(ERRORS_TOPIC, v)),
          new Property(
              ERRORS_VARIABLES,
              "`redact`: dead-letter records keep #input and only the names of other variables;"
                  + " `include`: the values of every variable (they may hold enrichment results).",
              Type.STRING,
              "redact",
              "redact or include",
              v ->
                  v.equals("redact") || v.equals("include")
                      ? Optional.empty()
                      : Optional.of(
                          "property `"
                              + ERRORS_VARIABLES
                              + "` must be `redact` or `include`, got `"
                              + v
                              + "`")),
          new Property(
              DEBUG_TOPIC,
              "Where the deployed job's collect sinks also write each value they keep, keyed by"
                  + " node id, so the designer can show them live when the job runs on a remote"
                  + " Flink cluster (created if missing: 1 partition, kept 1 hour); unset: values"
                  + " stay in the TaskManager's memory only. The designer sets"
                  + " walnut-debug-<scenario id> when it deploys to a remote cluster.",
              Type.STRING,
              null,
              "a Kafka topic name",
              v -> topicName(DEBUG_TOPIC, v)));

  private ScenarioProperties() {}

  /** Every known property, in the order a form shows them. */
  public static List<Property> all() {
    return ALL;
  }

  public static Optional<Property> find(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /**
   * The problems of {@code properties}: known properties with bad values, and {@code kafka.*}
   * settings that {@link KafkaClientProperties} refuses. Blank values count as not set.
   */
  public static List<PropertyError> validate(Map<String, String> properties) {
    List<PropertyError> errors = new ArrayList<>();
    properties.forEach(
        (name, value) -> {
          if (value == null || value.isBlank()) {
            return;
          }
          Optional<Property> known = find(name);
          if (known.isPresent()) {
            known.get().validate(value).ifPresent(m -> errors.add(new PropertyError(name, m)));
          } else if (name.startsWith(KAFKA_PREFIX)) {
            KafkaClientProperties.refusal(name.substring(KAFKA_PREFIX.length()), value)
                .ifPresent(
                    m -> errors.add(new PropertyError(name, "property `" + name + "`: " + m)));
          }
        });
    return errors;
  }

  private static Optional<String> topicName(String name, String v) {
    return TOPIC.matcher(v).matches()
        ? Optional.empty()
        : Optional.of(
            "property `"
                + name
                + "` must be a Kafka topic name (letters, digits, . _ -), got `"
                + v
                + "`");
  }

  private static Optional<String> wholeNumber(String name, String v, int min, int max) {
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // the message below says what is wanted
    }
    return Optional.of(
        "property `"
            + name
            + "` must be a whole number from "
            + min
            + " to "
            + max
            + ", got `"
            + v
            + "`");
  }

  /** The value of a known property in {@code properties}, else its default. */
  public static String valueOrDefault(Map<String, String> properties, String name) {
    Property p =
        find(name).orElseThrow(() -> new IllegalArgumentException("unknown property " + name));
    String v = properties.get(name);
    return v == null || v.isBlank() ? p.defaultValue() : v.trim();
  }

  private static Optional<String> checkParallelism(String v) {
    String wrong =
        "property `"
            + PARALLELISM
            + "` must be a whole number from 1 to "
            + MAX_PARALLELISM
            + ", got `"
            + v
            + "`";
    try {
      int p = Integer.parseInt(v);
      return p >= 1 && p <= MAX_PARALLELISM ? Optional.empty() : Optional.of(wrong);
    } catch (NumberFormatException e) {
      return Optional.of(wrong);
    }
  }

  private static Optional<String> checkCheckpointInterval(String v) {
    String expects =
        "property `"
            + CHECKPOINT_INTERVAL
            + "` must be an ISO-8601 duration from "
            + MIN_CHECKPOINT_INTERVAL
            + " to "
            + MAX_CHECKPOINT_INTERVAL
            + " (e.g. PT10S), got `"
            + v
            + "`";
    Duration d;
    try {
      d = Duration.parse(v);
    } catch (DateTimeParseException | ArithmeticException e) {
      return Optional.of(expects);
    }
    if (d.compareTo(MIN_CHECKPOINT_INTERVAL) < 0 || d.compareTo(MAX_CHECKPOINT_INTERVAL) > 0) {
      return Optional.of(expects);
    }
    return Optional.empty();
  }
}
