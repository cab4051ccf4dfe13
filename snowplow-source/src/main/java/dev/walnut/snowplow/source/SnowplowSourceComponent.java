package dev.walnut.snowplow.source;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.DesignContext;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.Suggestion;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.kafka.JsonTopicSource;
import dev.walnut.kafka.KafkaSourceParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code snowplow} source: the collector's good topic as typed Snowplow events. Reads Kafka through
 * the {@code kafka} source (same offsets, bad-record handling and start/stop options), types each
 * record, takes event time from {@code dvce_created_tstamp} (else {@code collector_tstamp}) with
 * bounded out-of-orderness, and drops a repeated {@code event_id} seen within the deduplication
 * window (trackers resend an event whose 200 they missed).
 */
public final class SnowplowSourceComponent implements SourceComponent {
  private static final long serialVersionUID = 1L;
  static final String OUT_OF_ORDERNESS = "Max out of orderness";
  static final String DEDUP_WINDOW = "Deduplication window";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("snowplow", ComponentKind.SOURCE)
          .icon("snowplow")
          .docs(
              "Snowplow tracker events from the Walnut collector's good topic, typed: eventId,"
                  + " eventType, appId, platform, domainUserId, userId, networkUserId, shopperId"
                  + " (duid, else uid, else network id), pageUrl, timestamps, and the Snowplow"
                  + " e-commerce action (`ecommerceAction`) with its `product`, `products`, `cart`"
                  + " and `transaction` entities. Event time is the device's creation time, else"
                  + " the collector's; events repeating an event_id within the deduplication"
                  + " window are dropped.")
          .parameter(KafkaSourceParameters.topic("snowplow-good", "The collector's good topic."))
          .parameter(
              Parameter.once(OUT_OF_ORDERNESS, DataType.DURATION)
                  .defaultExpression("'PT10S'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How late an event may arrive relative to the latest event time seen.")
                  .build())
          .parameter(
              Parameter.once(DEDUP_WINDOW, DataType.DURATION)
                  .defaultExpression("'PT10M'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "How long an event_id is remembered (processing time): a repeat within it"
                          + " is dropped.")
                  .build())
          .parameter(KafkaSourceParameters.startFrom())
          .parameter(KafkaSourceParameters.consumerGroup())
          .parameter(KafkaSourceParameters.stopAt())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType inputType(TypingContext context) {
    return SnowplowEvents.TYPE;
  }

  /** The broker's topics, as the `kafka` source suggests them (the parameter has its name). */
  @Override
  public List<Suggestion> suggestions(String parameter, DesignContext context)
      throws InterruptedException {
    return KafkaSourceParameters.suggestions(parameter, context);
  }

  /** The collector's newest records, read as the `kafka` source reads its topic. */
  @Override
  public List<String> capture(DesignContext context, int limit) {
    return KafkaSourceParameters.capture(context, limit);
  }

  @Override
  public DataStream<Variables> createSource(NodeContext ctx) {
    // Kafka timestamps order the raw records; the typed events then get the device's event time
    Duration ooo = ctx.params().value(OUT_OF_ORDERNESS, Duration.class);
    DataStream<Variables> raw =
        JsonTopicSource.fromParameters(ctx)
            .create(
                ctx,
                WatermarkStrategy.<Variables>forBoundedOutOfOrderness(ooo)
                    .withIdleness(Duration.ofSeconds(30)));
    return typedAndDeduplicated(ctx, raw);
  }

  @Override
  public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
    DataStream<Variables> raw =
        jsonLines
            .flatMap(new ParseLine(), VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId() + "-read")
            .uid(ctx.nodeId() + "-read")
            .setParallelism(1);
    return typedAndDeduplicated(ctx, raw);
  }

  private static DataStream<Variables> typedAndDeduplicated(
      NodeContext ctx, DataStream<Variables> raw) {
    Duration ooo = ctx.params().value(OUT_OF_ORDERNESS, Duration.class);
    Duration window = ctx.params().value(DEDUP_WINDOW, Duration.class);
    return raw.flatMap(new Typed(ctx.nodeId()), VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId() + "-typed")
        .uid(ctx.nodeId() + "-typed")
        .assignTimestampsAndWatermarks(
            WatermarkStrategy.<Variables>forBoundedOutOfOrderness(ooo)
                .withTimestampAssigner(SnowplowSourceComponent::eventTime)
                .withIdleness(Duration.ofSeconds(30)))
        .name(ctx.nodeId() + "-event-time")
        .uid(ctx.nodeId() + "-event-time")
        .keyBy(SnowplowSourceComponent::eventId, Types.STRING)
        .process(new DropRepeats(window), VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId() + "-dedupe")
        .uid(ctx.nodeId() + "-dedupe");
  }

  private static long eventTime(Variables v, long previous) {
    if (v.input() instanceof Map<?, ?> m && m.get("eventTime") instanceof Instant t) {
      return t.toEpochMilli();
    }
    return previous;
  }

  private static String eventId(Variables v) {
    return (String) ((Map<?, ?>) v.input()).get("eventId");
  }

  /** Collector record → typed input; records that are not collector events are logged, dropped. */
  private static final class Typed implements FlatMapFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Typed.class);
    private final String nodeId;

    Typed(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public void flatMap(Variables v, Collector<Variables> out) {
      try {
        Map<String, Object> typed = SnowplowEvents.typed(v.input());
        out.collect(Variables.ofInput((String) typed.get("eventId"), typed));
      } catch (IllegalArgumentException e) {
        LOG.warn("source `{}` skips a record: {}", nodeId, e.getMessage());
      }
    }
  }

  /** Test input: one collector record (JSON) per line. */
  private static final class ParseLine implements FlatMapFunction<String, Variables> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(String line, Collector<Variables> out) throws Exception {
      if (!line.isBlank()) {
        out.collect(Variables.ofInput(null, JsonValues.parse(line)));
      }
    }
  }

  /** Passes the first record of each event id and drops repeats within the window. */
  private static final class DropRepeats
      extends KeyedProcessFunction<String, Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final Duration window;
    private transient ValueState<Boolean> seen;

    DropRepeats(Duration window) {
      this.window = window;
    }

    @Override
    public void open(Configuration parameters) {
      ValueStateDescriptor<Boolean> descriptor =
          new ValueStateDescriptor<>("seen-v1", Types.BOOLEAN);
      descriptor.enableTimeToLive(
          StateTtlConfig.newBuilder(window)
              .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
              .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
              .build());
      seen = getRuntimeContext().getState(descriptor);
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out)
        throws Exception {
      if (seen.value() == null) {
        seen.update(Boolean.TRUE);
        out.collect(v);
      }
    }
  }
}
