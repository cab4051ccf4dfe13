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
import dev.walnut.api.errors.RecordErrors;
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
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
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
                  + " and `transaction` entities. Event time is Snowplow's derived_tstamp (the"
                  + " collector's time minus how long the event waited on the device: true_tstamp"
                  + " if sent, else collector_tstamp - (dvce_sent_tstamp - dvce_created_tstamp),"
                  + " else collector_tstamp), so a wrong device clock does not move it; events"
                  + " repeating an event_id within the deduplication window are dropped.")
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
    // Kafka timestamps order the raw records; the typed events then get Snowplow's derived time
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
    SingleOutputStreamOperator<Variables> typed =
        raw.process(new Typed(ctx.nodeId()), VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId() + "-typed")
            .uid(ctx.nodeId() + "-typed");
    ctx.collectErrors(typed);
    return typed
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

  /**
   * Collector record → typed input; a record that is not a collector event (or has no event id)
   * goes to the scenario's errors with the reason.
   */
  private static final class Typed extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;

    Typed(String nodeId) {
      this.nodeId = nodeId;
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out) {
      Map<String, Object> typed;
      try {
        typed = SnowplowEvents.typed(v.input());
      } catch (RuntimeException e) {
        ctx.output(RecordErrors.TAG, RecordErrors.describe(nodeId, v, e));
        return;
      }
      if (!(typed.get("eventId") instanceof String id) || id.isEmpty()) {
        ctx.output(
            RecordErrors.TAG,
            RecordErrors.describe(nodeId, v, "the collector record has no `event_id`"));
        return;
      }
      out.collect(Variables.ofInput(id, typed));
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
