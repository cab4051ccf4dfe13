package dev.walnut.components.base.trending;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordFunction;
import dev.walnut.api.types.JsonValueTypeInfo;
import dev.walnut.api.types.VariablesTypeInfo;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * {@code trending}: the items viewed most in the last {@code Window} across all keys, as the output
 * variable of every record (most viewed first). Each record also counts as a view of its {@code
 * Item}. Three operators: counts per item in time buckets ({@code <node>-counts}, keyed by item),
 * the global ranking ({@code <node>-rank}, one key), and the list attached to every record through
 * Flink broadcast state ({@code <node>}). The list is eventually consistent: it is recomputed at
 * most once per {@code Refresh}, so a record sees the ranking as of the last refresh, not its own
 * view.
 */
public final class TrendingComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String ITEM = "Item";
  static final String WINDOW = "Window";
  static final String SIZE = "Size";
  static final String REFRESH = "Refresh";

  /** The broadcast state: one entry, {@code list} → the ranked ids. */
  static final MapStateDescriptor<String, Object> RANKING =
      new MapStateDescriptor<>("trending-v1", Types.STRING, JsonValueTypeInfo.INSTANCE);

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("trending", ComponentKind.CUSTOM)
          .group("recommendations")
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .icon("top-n")
          .docs(
              "The items viewed most in the last `Window` (event time) over all shoppers, most"
                  + " viewed first, as the output variable (a `List[String]`) of every record;"
                  + " each record counts one view of its `Item`. Use it to fill recommendations"
                  + " for shoppers with little history. Recomputed at most once per `Refresh`.")
          .parameter(
              Parameter.perEvent(ITEM, DataType.UNKNOWN)
                  .docs(
                      "The item this record views, e.g. `#shopper.productId` (its text is"
                          + " counted); null: the record counts nothing.")
                  .build())
          .parameter(
              Parameter.once(WINDOW, DataType.DURATION)
                  .defaultExpression("'PT1H'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How far back views count, e.g. `'PT1H'`.")
                  .build())
          .parameter(
              Parameter.once(SIZE, DataType.LONG)
                  .defaultExpression("50")
                  .validator(ParameterValidator.between(1, 1000))
                  .docs("How many items the list holds.")
                  .build())
          .parameter(
              Parameter.once(REFRESH, DataType.DURATION)
                  .defaultExpression("'PT5S'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "How often (processing time) changed counts are re-ranked and the list sent"
                          + " to every subtask.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return DataType.listOf(DataType.STRING);
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    long windowMs = p.value(WINDOW, Duration.class).toMillis();
    long refreshMs = Math.max(1, p.value(REFRESH, Duration.class).toMillis());
    int size = p.value(SIZE, Long.class).intValue();
    SingleOutputStreamOperator<Tuple2<String, Long>> counts =
        ctx.guarded("item", ctx.input(), new ItemOf(p.lazy(ITEM)), ItemCounts.ITEM_TYPE)
            .filter(t -> !t.f0.isEmpty())
            .name(ctx.nodeId() + "-viewed")
            .uid(ctx.nodeId() + "-viewed")
            .keyBy(t -> t.f0, Types.STRING)
            .process(new ItemCounts(windowMs, refreshMs), ItemCounts.COUNT_TYPE)
            .name(ctx.nodeId() + "-counts")
            .uid(ctx.nodeId() + "-counts");
    DataStream<List<String>> ranking =
        counts
            .keyBy(c -> 0, Types.INT)
            .process(new Ranking(size, refreshMs), Ranking.LIST_TYPE)
            .name(ctx.nodeId() + "-rank")
            .uid(ctx.nodeId() + "-rank");
    BroadcastStream<List<String>> broadcast = ranking.broadcast(RANKING);
    return ctx.input()
        .connect(broadcast)
        .process(new AttachRanking(ctx.outputVariable()), VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  /** (item text, 1): the record's view; "" for none (tuples cannot hold null). */
  private record ItemOf(LazyParameter<Object> item)
      implements RecordFunction<Tuple2<String, Long>> {
    @Override
    public Tuple2<String, Long> apply(Variables record) {
      Object v = item.evaluate(record);
      return Tuple2.of(v == null ? "" : v.toString(), 1L);
    }
  }
}
