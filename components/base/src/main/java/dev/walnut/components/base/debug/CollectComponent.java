package dev.walnut.components.base.debug;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.api.json.JsonValues;
import dev.walnut.components.base.internal.RecordFailures;
import dev.walnut.components.base.internal.SideEffectSinks;
import dev.walnut.kafka.KafkaSettings;
import dev.walnut.kafka.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code collect}: a debugging sink. Keeps the last {@code Capacity} values in memory where the CLI
 * and the designer read them ({@link CollectedRecords}), and tails them live.
 *
 * <p>That memory is the TaskManager's: when the job runs on a remote cluster, the designer cannot
 * see it. So a deployed job whose scenario sets {@value #DEBUG_TOPIC} also writes every value it
 * keeps to that Kafka topic (key: the node id, value: the JSON line), which the designer tails.
 */
public final class CollectComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;

  /** Scenario property naming the topic collected values also go to (deployed jobs only). */
  public static final String DEBUG_TOPIC = "debug.topic";

  /**
   * How long the debug topic keeps values, when this sink creates it: it only feeds a live view.
   */
  static final Duration DEBUG_TOPIC_RETENTION = Duration.ofHours(1);

  static final String VALUE = "Value";
  static final String CAPACITY = "Capacity";
  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("collect", ComponentKind.SINK)
          .icon("collect")
          .docs(
              "Debugging sink: keeps the last `Capacity` values of `Value` in memory, for the"
                  + " analyst to watch in the designer or the CLI.")
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .defaultExpression("#input")
                  .docs("What to keep.")
                  .build())
          .parameter(
              Parameter.once(CAPACITY, DataType.LONG)
                  .defaultExpression("1000")
                  .validator(ParameterValidator.between(1, 100_000))
                  .docs("How many of the latest values to keep.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    SingleOutputStreamOperator<String> kept =
        SideEffectSinks.attach(
            ctx,
            input,
            new Keep(
                ctx.scenarioId(),
                ctx.nodeId(),
                ctx.params().value(CAPACITY, Long.class).intValue(),
                ctx.params().lazy(VALUE)));
    String topic = ctx.scenarioProperties().get(DEBUG_TOPIC);
    if (!ctx.isTestRun() && topic != null && !topic.isBlank()) {
      writeToDebugTopic(ctx, kept, topic.trim());
    }
  }

  private static void writeToDebugTopic(
      NodeContext ctx, SingleOutputStreamOperator<String> kept, String topic) {
    KafkaTopics.createIfMissing(
        ctx.scenarioProperties(),
        topic,
        1,
        Map.of("retention.ms", String.valueOf(DEBUG_TOPIC_RETENTION.toMillis())),
        "node `" + ctx.nodeId() + "`");
    Properties producer = KafkaSettings.clientProperties(ctx.scenarioProperties());
    // a live view: send within milliseconds rather than waiting for a checkpoint or a full batch
    producer.putIfAbsent("linger.ms", "5");
    kept.sinkTo(
            KafkaSink.<String>builder()
                .setBootstrapServers(KafkaSettings.bootstrapServers(ctx))
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new KeyedByNode(topic, ctx.nodeId()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build())
        .name(ctx.nodeId() + "-debug-topic")
        .uid(ctx.nodeId() + "-debug-topic");
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    return ctx.params().lazy(VALUE);
  }

  private static final class Keep extends ProcessFunction<Variables, String> {
    private static final long serialVersionUID = 1L;
    private final String scenarioId;
    private final String nodeId;
    private final int capacity;
    private final LazyParameter<Object> value;
    private transient CollectedRecords.Buffer buffer;

    Keep(String scenarioId, String nodeId, int capacity, LazyParameter<Object> value) {
      this.scenarioId = scenarioId;
      this.nodeId = nodeId;
      this.capacity = capacity;
      this.value = value;
    }

    @Override
    public void open(OpenContext openContext) {
      buffer = CollectedRecords.buffer(scenarioId, nodeId, capacity);
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<String> out) {
      String json;
      try {
        json = JsonValues.write(value.evaluate(v));
      } catch (RuntimeException | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, VALUE, v, e);
        return;
      }
      buffer.add(json);
      out.collect(json);
    }
  }

  /** A kept JSON line as a record of the debug topic, keyed by the node that kept it. */
  private static final class KeyedByNode implements KafkaRecordSerializationSchema<String> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final byte[] key;

    KeyedByNode(String topic, String nodeId) {
      this.topic = topic;
      this.key = nodeId.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        String json, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8));
    }
  }
}
