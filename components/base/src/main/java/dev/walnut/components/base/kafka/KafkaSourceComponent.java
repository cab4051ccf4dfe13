package dev.walnut.components.base.kafka;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.DesignContext;
import dev.walnut.api.Editor;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.Suggestion;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.time.EventTime;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.kafka.JsonTopicSource;
import dev.walnut.kafka.KafkaSourceParameters;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code kafka} source: JSON records of a topic as {@code #input}. Parameters as in Nussknacker
 * ({@code Topic}, {@code Schema version}) plus event time and start position. Records that are not
 * JSON go to the bad-records topic with the reason and the raw payload.
 */
public final class KafkaSourceComponent implements SourceComponent {
  private static final long serialVersionUID = 1L;
  static final String TOPIC = KafkaSourceParameters.TOPIC;
  static final String SCHEMA_VERSION = "Schema version";
  static final String TIMESTAMP_FIELD = "Timestamp field";
  static final String OUT_OF_ORDERNESS = "Max out of orderness";
  static final String BAD_TOPIC = "Bad records topic";
  static final String MAX_FUTURE_SKEW = "Max future skew";
  static final String MAX_PAST_SKEW = "Max past skew";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("kafka", ComponentKind.SOURCE)
          .icon("kafka")
          .docs(
              "Reads JSON records from a Kafka topic; each record becomes `#input`. Records that"
                  + " are not JSON are written, with the reason, to the bad-records topic.")
          .parameter(topic())
          .parameter(schemaVersion())
          .parameter(
              Parameter.once(TIMESTAMP_FIELD, DataType.STRING)
                  .optional()
                  .editor(Editor.STRING)
                  .docs(
                      "Top-level field holding the event time (ISO-8601 text or epoch millis)."
                          + " Empty: the Kafka record timestamp.")
                  .build())
          .parameter(
              Parameter.once(OUT_OF_ORDERNESS, DataType.DURATION)
                  .defaultExpression("'PT5S'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How late a record may arrive relative to the latest event time seen.")
                  .build())
          .parameter(
              Parameter.once(MAX_FUTURE_SKEW, DataType.DURATION)
                  .defaultExpression("'PT10M'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "With a `Timestamp field`: an event time further than this after the Kafka"
                          + " record's time is an error (the record goes to the scenario's"
                          + " dead-letter topic), never a watermark.")
                  .build())
          .parameter(
              Parameter.once(MAX_PAST_SKEW, DataType.DURATION)
                  .optional()
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "With a `Timestamp field`: an event time further than this before the Kafka"
                          + " record's time is an error. Empty: no bound (replays of old events"
                          + " are fine; events later than the watermark are the operators'"
                          + " concern).")
                  .build())
          .parameter(KafkaSourceParameters.startFrom())
          .parameter(
              Parameter.once(BAD_TOPIC, DataType.STRING)
                  .optional()
                  .editor(Editor.STRING)
                  .docs("Topic for records that are not JSON. Empty: `<Topic>-bad`.")
                  .build())
          .parameter(KafkaSourceParameters.consumerGroup())
          .parameter(KafkaSourceParameters.stopAt())
          .build();

  static Parameter topic() {
    return KafkaSourceParameters.topic(null, "The Kafka topic.");
  }

  static Parameter schemaVersion() {
    return Parameter.once(SCHEMA_VERSION, DataType.STRING)
        .defaultExpression("'latest'")
        .editor(Editor.fixedStrings("latest"))
        .validator(
            ParameterValidator.matches(
                "latest", "'latest' (Walnut reads schemaless JSON; there is no schema registry)"))
        .docs("Kept for Nussknacker compatibility: records are schemaless JSON, so only 'latest'.")
        .build();
  }

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public List<String> capture(DesignContext context, int limit) {
    return KafkaSourceParameters.capture(context, limit);
  }

  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context)
      throws InterruptedException {
    return KafkaSourceParameters.suggestions(parameter, context);
  }

  @Override
  public DataType inputType(TypingContext context) {
    return DataType.UNKNOWN;
  }

  @Override
  public DataStream<Variables> createSource(NodeContext ctx) {
    ParameterValues p = ctx.params();
    JsonTopicSource source = JsonTopicSource.fromParameters(ctx);
    Optional<String> badTopic = p.optionalValue(BAD_TOPIC, String.class);
    if (badTopic.isPresent()) {
      source = source.withBadTopic(badTopic.get());
    }
    Optional<EventTime.InputField> field = eventTimeField(p);
    if (field.isEmpty()) {
      return source.create(
          ctx,
          WatermarkStrategy.<Variables>forBoundedOutOfOrderness(
                  p.value(OUT_OF_ORDERNESS, Duration.class))
              .withIdleness(IDLENESS));
    }
    return field.get().checked(ctx, source.create(ctx, field.get().watermarks()));
  }

  @Override
  public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
    Optional<EventTime.InputField> field = eventTimeField(ctx.params());
    DataStream<Variables> stamped =
        jsonLines
            .map(new ParseTestLine(ctx.nodeId()), VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId())
            .setParallelism(1)
            .assignTimestampsAndWatermarks(
                field.isPresent()
                    ? field.get().watermarks()
                    // test input has no Kafka timestamp: records are stamped when read
                    : WatermarkStrategy.<Variables>forMonotonousTimestamps()
                        .withTimestampAssigner((v, prev) -> System.currentTimeMillis()))
            .name(ctx.nodeId() + "-event-time")
            .setParallelism(1);
    return field.isPresent() ? field.get().checked(ctx, stamped) : stamped;
  }

  private static final Duration IDLENESS = Duration.ofSeconds(30);

  private static Optional<EventTime.InputField> eventTimeField(ParameterValues p) {
    return p.optionalValue(TIMESTAMP_FIELD, String.class)
        .map(
            field ->
                EventTime.inputField(
                    field,
                    p.value(OUT_OF_ORDERNESS, Duration.class),
                    IDLENESS,
                    p.optionalValue(MAX_FUTURE_SKEW, Duration.class)
                        .orElse(EventTime.DEFAULT_MAX_FUTURE_SKEW),
                    p.optionalValue(MAX_PAST_SKEW, Duration.class).orElse(null)));
  }

  /** One test line → {@code #input}; an unparseable line fails the test run, saying which. */
  private static final class ParseTestLine implements MapFunction<String, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private long line;

    ParseTestLine(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public Variables map(String json) throws Exception {
      line++;
      try {
        return Variables.ofInput(nodeId + "-" + line, JsonValues.parse(json));
      } catch (Exception e) {
        throw new IllegalArgumentException(
            "test input for source `"
                + nodeId
                + "`, record "
                + line
                + ", is not valid JSON: "
                + e.getMessage(),
            e);
      }
    }
  }
}
