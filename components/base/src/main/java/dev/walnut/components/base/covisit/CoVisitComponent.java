package dev.walnut.components.base.covisit;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * {@code co-visit}: "viewed A, then B within 10 minutes". Per user, for each new click {@code a},
 * every earlier click {@code b} of the same user with {@code b.t < a.t} and {@code b.t >= a.t -
 * window} is one co-visit {@code (b.item → a.item)}; emits {@code {item, recommendation,
 * frequency}} with the updated count of the pair over all users for every co-visit (a changelog).
 * Clicks are processed in event-time order once the watermark passes them, so the counts equal the
 * DataSQRL interval self-join exactly, whatever the arrival order within the allowed lateness, as
 * long as the bounds ({@code maxHistory}, {@code maxPairsPerClick}, {@code countTtl}; see the
 * module's README) do not bind. A click whose user or item is null or fails goes to the errors.
 */
public final class CoVisitComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String USER = "userKey";
  static final String ITEM = "item";
  static final String WINDOW = "window";
  static final String SELF = "includeSelfPairs";
  static final String DECAY = "timeDecay";
  static final String MAX_HISTORY = "maxHistory";
  static final String MAX_PAIRS = "maxPairsPerClick";
  static final String COUNT_TTL = "countTtl";

  static final TypeInformation<Tuple2<String, String>> CLICK =
      Types.TUPLE(Types.STRING, Types.STRING);
  static final TypeInformation<Tuple3<byte[], byte[], Long>> PAIR =
      Types.TUPLE(Types.PRIMITIVE_ARRAY(Types.BYTE), Types.PRIMITIVE_ARRAY(Types.BYTE), Types.LONG);

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("co-visit", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.REPLACE)
          .icon("co-visit")
          .docs(
              "Collaborative filtering by co-visitation: counts, over all users, how often a"
                  + " user clicked `item` B within `window` after item A, and emits"
                  + " `{item: A, recommendation: B, frequency}` on every new co-visit.")
          .parameter(
              Parameter.perEvent(USER, DataType.UNKNOWN)
                  .docs("Whose clicks are paired, e.g. `#input.userid`.")
                  .build())
          .parameter(
              Parameter.perEvent(ITEM, DataType.UNKNOWN)
                  .docs("The item clicked, e.g. `#input.url`.")
                  .build())
          .parameter(
              Parameter.once(WINDOW, DataType.DURATION)
                  .defaultExpression("'PT10M'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How long after A a click on B counts.")
                  .build())
          .parameter(
              Parameter.once(SELF, DataType.BOOLEAN)
                  .defaultExpression("true")
                  .docs(
                      "Count A → A when a user clicks the same item again (the DataSQRL SQL does).")
                  .build())
          .parameter(
              Parameter.once(DECAY, DataType.DURATION)
                  .optional()
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "Optional half-life: adds `score`, the count decayed by event-time age"
                          + " (each co-visit weighs 2^(-age/half-life)).")
                  .build())
          .parameter(
              Parameter.once(MAX_HISTORY, DataType.LONG)
                  .defaultExpression("1000")
                  .validator(ParameterValidator.between(1, 1_000_000))
                  .docs(
                      "At most this many recent clicks are kept per user (oldest dropped; counted"
                          + " by the metric `historyClicksDropped`).")
                  .build())
          .parameter(
              Parameter.once(MAX_PAIRS, DataType.LONG)
                  .defaultExpression("100")
                  .validator(ParameterValidator.between(1, 1_000_000))
                  .docs(
                      "At most this many co-visits per click: it pairs with the latest earlier"
                          + " clicks of the window only (the others are counted by the metric"
                          + " `pairsDropped`). Bounds what one click can emit.")
                  .build())
          .parameter(
              Parameter.once(COUNT_TTL, DataType.DURATION)
                  .optional()
                  .defaultExpression("'P30D'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "A pair not co-visited for this long (processing time) is forgotten and"
                          + " counts from 1 again; bounds the counts kept. Empty: kept for ever,"
                          + " as in the DataSQRL SQL.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    DataType.RecordBuilder r =
        DataType.recordBuilder()
            .field("item", DataType.STRING)
            .field("recommendation", DataType.STRING)
            .field("frequency", DataType.LONG);
    if (ctx.params().optionalValue(DECAY, Duration.class).isPresent()) {
      r.field("score", DataType.DOUBLE);
    }
    return r.build();
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    long window = p.value(WINDOW, Duration.class).toMillis();
    long halfLife = p.optionalValue(DECAY, Duration.class).map(Duration::toMillis).orElse(0L);
    SingleOutputStreamOperator<Tuple2<String, String>> clicks =
        ctx.input()
            .process(new Clicks(ctx.nodeId(), p.lazy(USER), p.lazy(ITEM)), CLICK)
            .name(ctx.nodeId() + " (clicks)")
            .uid(ctx.nodeId() + "-clicks");
    ctx.collectErrors(clicks);
    DataStream<Tuple3<byte[], byte[], Long>> pairs =
        clicks
            .keyBy(new ClickUser(), Types.STRING)
            .process(
                new PairEmitter(
                    window,
                    p.value(SELF, Boolean.class),
                    p.value(MAX_HISTORY, Long.class).intValue(),
                    p.value(MAX_PAIRS, Long.class).intValue()),
                PAIR)
            .name(ctx.nodeId() + " (pairs)")
            .uid(ctx.nodeId() + "-pairs");
    return pairs
        .keyBy(new PairCounter.PairKey(), Types.TUPLE(Types.STRING, Types.STRING))
        .process(
            new PairCounter(
                ctx.outputVariable(),
                halfLife,
                p.optionalValue(COUNT_TTL, Duration.class).orElse(null)),
            VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId() + " (counts)")
        .uid(ctx.nodeId() + "-counts");
  }

  /** Keys clicks (user, item) by user. */
  private static final class ClickUser implements KeySelector<Tuple2<String, String>, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(Tuple2<String, String> click) {
      return click.f0;
    }
  }
}
