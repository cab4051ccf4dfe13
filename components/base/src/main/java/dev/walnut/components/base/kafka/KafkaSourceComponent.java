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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * {@code kafka} source: JSON records of a topic as {@code #input}. Parameters as in Nussknacker
 * ({@code Topic}, {@code Schema version}) plus event time and start position. Records that are not
 * JSON go to the bad-records topic with the reason and the raw payload.
 */
public final class KafkaSourceComponent implements SourceComponent {
  private static final long serialVersionUID = 1L;
  static final String TOPIC = "Topic";
  static final String SCHEMA_VERSION = "Schema version";
  static final String TIMESTAMP_FIELD = "Timestamp field";
  static final String OUT_OF_ORDERNESS = "Max out of orderness";
  static final String START = "Start from";
  static final String BAD_TOPIC = "Bad records topic";
  static final String GROUP = "Consumer group";
  static final String STOP = "Stop at";
  static final String NEVER = "never";
  static final String LATEST_AT_START = "latest offsets at start";

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
          .parameter(startFrom())
          .parameter(
              Parameter.once(BAD_TOPIC, DataType.STRING)
                  .optional()
                  .editor(Editor.STRING)
                  .docs("Topic for records that are not JSON. Empty: `<Topic>-bad`.")
                  .build())
          .parameter(consumerGroup())
          .parameter(stopAt())
          .build();

  static Parameter topic() {
    return topic(null, "The Kafka topic.");
  }

  /**
   * The `Topic` parameter (validated, with the broker's topics as suggestions), for sources that
   * read Kafka through this one.
   *
   * @param defaultTopic the topic used when the node leaves it out; null: required
   */
  public static Parameter topic(String defaultTopic, String docs) {
    Parameter.Builder b =
        Parameter.once(TOPIC, DataType.STRING)
            .editor(Editor.STRING)
            .validator(ParameterValidator.notBlank())
            .validator(ParameterValidator.matches("[a-zA-Z0-9._-]{1,249}", "a Kafka topic name"))
            .docs(docs)
            .suggested();
    if (defaultTopic != null) {
      b.defaultExpression("'" + defaultTopic + "'");
    }
    return b.build();
  }

  /** `Start from`: where a job without a savepoint starts reading. */
  public static Parameter startFrom() {
    return Parameter.once(START, DataType.STRING)
        .defaultExpression("'committed offsets, else earliest'")
        .editor(
            Editor.fixedStrings(
                "committed offsets, else earliest",
                "committed offsets, else latest",
                "earliest",
                "latest"))
        .docs("Where to start reading when the job starts without a savepoint.")
        .build();
  }

  /** `Consumer group`: the group committing offsets; empty: `walnut-<scenario id>`. */
  public static Parameter consumerGroup() {
    return Parameter.once(GROUP, DataType.STRING)
        .optional()
        .editor(Editor.STRING)
        .docs("Kafka consumer group for committed offsets. Empty: `walnut-<scenario id>`.")
        .build();
  }

  /** `Stop at`: read on ('never') or read what the topic holds at start, then finish. */
  public static Parameter stopAt() {
    return Parameter.once(STOP, DataType.STRING)
        .defaultExpression("'" + NEVER + "'")
        .editor(Editor.fixedStrings(NEVER, LATEST_AT_START))
        .validator(
            ParameterValidator.matches(
                NEVER + "|" + LATEST_AT_START, "'" + NEVER + "' or '" + LATEST_AT_START + "'"))
        .docs(
            "'never' reads on as records arrive; 'latest offsets at start' reads what the"
                + " topic holds when the job starts, then the job finishes (a backfill).")
        .build();
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
    String topic =
        context
            .stringValue(TOPIC)
            .filter(t -> !t.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "set `" + TOPIC + "` to a topic name to capture its newest records"));
    return KafkaTopics.newestRecords(context.scenarioProperties(), topic, limit);
  }

  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context)
      throws InterruptedException {
    return TOPIC.equals(parameter)
        ? KafkaTopics.suggestions(context.scenarioProperties())
        : List.of();
  }

  @Override
  public DataType inputType(TypingContext context) {
    return DataType.UNKNOWN;
  }

  @Override
  public DataStream<Variables> createSource(NodeContext ctx) {
    ParameterValues p = ctx.params();
    String topic = p.value(TOPIC, String.class);
    String bootstrap = KafkaSettings.bootstrapServers(ctx);
    String group = p.optionalValue(GROUP, String.class).orElse("walnut-" + ctx.scenarioId());
    var builder =
        KafkaSource.<Variables>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(group)
            .setStartingOffsets(startingOffsets(p.value(START, String.class)))
            .setDeserializer(new JsonRecordDeserializer())
            .setProperties(KafkaSettings.clientProperties(ctx.scenarioProperties()));
    if (LATEST_AT_START.equals(p.value(STOP, String.class))) {
      // at the end the source emits the final watermark, so windows and co-visits complete
      builder.setBounded(OffsetsInitializer.latest());
    }
    KafkaSource<Variables> source = builder.build();
    DataStream<Variables> raw =
        ctx.env().fromSource(source, watermarks(p), ctx.nodeId()).uid(ctx.nodeId());
    OutputTag<String> badTag = new OutputTag<>(ctx.nodeId() + "-bad", Types.STRING);
    SingleOutputStreamOperator<Variables> good =
        raw.process(new SplitBad(badTag), VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId() + "-parse")
            .uid(ctx.nodeId() + "-parse");
    String badTopic = p.optionalValue(BAD_TOPIC, String.class).orElse(topic + "-bad");
    good.getSideOutput(badTag)
        .sinkTo(
            KafkaSink.<String>builder()
                .setBootstrapServers(bootstrap)
                .setKafkaProducerConfig(KafkaSettings.clientProperties(ctx.scenarioProperties()))
                .setRecordSerializer(
                    KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(badTopic)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name(ctx.nodeId() + "-bad-records")
        .uid(ctx.nodeId() + "-bad-records");
    return good;
  }

  @Override
  public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
    return jsonLines
        .map(new ParseTestLine(ctx.nodeId()), VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId())
        .uid(ctx.nodeId())
        .setParallelism(1)
        .assignTimestampsAndWatermarks(testWatermarks(ctx.params()))
        .name(ctx.nodeId() + "-event-time")
        .setParallelism(1);
  }

  private static WatermarkStrategy<Variables> watermarks(ParameterValues p) {
    Duration ooo = p.value(OUT_OF_ORDERNESS, Duration.class);
    Optional<String> field = p.optionalValue(TIMESTAMP_FIELD, String.class);
    return field.isPresent()
        ? EventTime.fromInputField(field.get(), ooo, Duration.ofSeconds(30))
        : WatermarkStrategy.<Variables>forBoundedOutOfOrderness(ooo)
            .withIdleness(Duration.ofSeconds(30));
  }

  private static WatermarkStrategy<Variables> testWatermarks(ParameterValues p) {
    Duration ooo = p.value(OUT_OF_ORDERNESS, Duration.class);
    Optional<String> field = p.optionalValue(TIMESTAMP_FIELD, String.class);
    if (field.isPresent()) {
      return EventTime.fromInputField(field.get(), ooo, Duration.ofSeconds(30));
    }
    // test input has no Kafka timestamp: records are stamped when read
    return WatermarkStrategy.<Variables>forMonotonousTimestamps()
        .withTimestampAssigner((v, prev) -> System.currentTimeMillis());
  }

  static OffsetsInitializer startingOffsets(String start) {
    return switch (start) {
      case "earliest" -> OffsetsInitializer.earliest();
      case "latest" -> OffsetsInitializer.latest();
      case "committed offsets, else latest" ->
          OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
      default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }

  /** Good records continue; bad ones go to the side output as JSON. */
  private static final class SplitBad extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final OutputTag<String> badTag;

    SplitBad(OutputTag<String> badTag) {
      this.badTag = badTag;
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out) {
      Object bad = v.get(JsonRecordDeserializer.BAD);
      if (bad == null) {
        out.collect(v);
      } else {
        ctx.output(badTag, JsonValues.write(bad));
      }
    }
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
