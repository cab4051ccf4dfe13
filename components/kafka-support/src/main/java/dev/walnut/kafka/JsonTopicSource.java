package dev.walnut.kafka;

import dev.walnut.api.NodeContext;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.types.VariablesTypeInfo;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
 * A Kafka topic of JSON records as a stream of {@code #input}s, for any source component: records
 * that are not JSON go, with the reason and the raw payload, to a bad-records topic instead of
 * failing the job. Operators are named and uid'd after the node ({@code <node>}, {@code
 * <node>-parse}, {@code <node>-bad-records}), so savepoints survive.
 */
public final class JsonTopicSource {
  private final String topic;
  private final String group;
  private final String start;
  private final boolean stopAtLatest;
  private final String badTopic;
  private final String operatorId;

  private JsonTopicSource(
      String topic,
      String group,
      String start,
      boolean stopAtLatest,
      String badTopic,
      String operatorId) {
    this.topic = topic;
    this.group = group;
    this.start = start;
    this.stopAtLatest = stopAtLatest;
    this.badTopic = badTopic;
    this.operatorId = operatorId;
  }

  /**
   * A topic a component reads besides its node's input, e.g. a compacted topic holding a table:
   * from the earliest offset when the job starts without a checkpoint, under consumer group {@code
   * group}; its operators are named after {@link #named} (default: the node id).
   */
  public static JsonTopicSource forTopic(String topic, String group) {
    return new JsonTopicSource(
        Objects.requireNonNull(topic, "topic"),
        Objects.requireNonNull(group, "group"),
        "earliest",
        false,
        topic + "-bad",
        null);
  }

  /** Reads what the topic holds when the job starts, then ends (test runs, backfills). */
  public JsonTopicSource stoppingAtLatest(boolean stop) {
    return new JsonTopicSource(topic, group, start, stop, badTopic, operatorId);
  }

  /** Names (and uids) the operators {@code <operatorId>}, {@code <operatorId>-parse}, … */
  public JsonTopicSource named(String id) {
    return new JsonTopicSource(
        topic, group, start, stopAtLatest, badTopic, Objects.requireNonNull(id, "operatorId"));
  }

  /**
   * Reads the node's bound {@link KafkaSourceParameters}: `Topic`, `Start from`, `Stop at` and the
   * optional `Consumer group` (default {@code walnut-<scenario id>}); bad records go to {@code
   * <Topic>-bad} unless {@link #withBadTopic} says otherwise.
   */
  public static JsonTopicSource fromParameters(NodeContext ctx) {
    ParameterValues p = ctx.params();
    String topic = p.value(KafkaSourceParameters.TOPIC, String.class);
    return new JsonTopicSource(
        topic,
        p.optionalValue(KafkaSourceParameters.GROUP, String.class)
            .orElse("walnut-" + ctx.scenarioId()),
        p.value(KafkaSourceParameters.START, String.class),
        KafkaSourceParameters.LATEST_AT_START.equals(
            p.value(KafkaSourceParameters.STOP, String.class)),
        topic + "-bad",
        null);
  }

  /** The topic that records which are not JSON go to. */
  public JsonTopicSource withBadTopic(String value) {
    return new JsonTopicSource(
        topic, group, start, stopAtLatest, Objects.requireNonNull(value, "badTopic"), operatorId);
  }

  /**
   * Adds the source (and its bad-records sink) to the node's job; returns the good records.
   *
   * @throws IllegalArgumentException when the topic does not exist (checked while the job is built,
   *     before it is submitted)
   */
  public DataStream<Variables> create(NodeContext ctx, WatermarkStrategy<Variables> watermarks) {
    String bootstrap = KafkaSettings.bootstrapServers(ctx);
    String id = operatorId != null ? operatorId : ctx.nodeId();
    KafkaTopics.requireExists(ctx.scenarioProperties(), topic, "node `" + ctx.nodeId() + "`");
    var builder =
        KafkaSource.<Variables>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(topic)
            .setGroupId(group)
            .setStartingOffsets(startingOffsets(start))
            .setDeserializer(new JsonRecordDeserializer())
            .setProperties(KafkaSettings.clientProperties(ctx.scenarioProperties()));
    if (stopAtLatest) {
      // at the end the source emits the final watermark, so windows and co-visits complete
      builder.setBounded(OffsetsInitializer.latest());
    }
    DataStream<Variables> raw = ctx.env().fromSource(builder.build(), watermarks, id).uid(id);
    OutputTag<String> badTag = new OutputTag<>(id + "-bad", Types.STRING);
    SingleOutputStreamOperator<Variables> good =
        raw.process(new SplitBad(badTag), VariablesTypeInfo.INSTANCE)
            .name(id + "-parse")
            .uid(id + "-parse");
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
        .name(id + "-bad-records")
        .uid(id + "-bad-records");
    return good;
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
}
