package dev.walnut.components.base.topn;

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
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.KeyedRecords;
import dev.walnut.components.base.internal.RecordFailures;
import dev.walnut.components.base.internal.StateTimeToLive;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code top-n}: per group, keeps the latest score of each item and emits, on every update, the
 * current best {@code n} as a list of {@code {item, score}}, best first (ties by item). E.g. after
 * {@code co-visit}: group by item, score by frequency → the top recommendations per page.
 */
public final class TopNComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String GROUP_BY = "groupBy";
  static final String ITEM = "item";
  static final String SCORE = "score";
  static final String N = "n";
  static final String MAX_ITEMS = "maxItems";
  static final String SCORE_TTL = "scoreTtl";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("top-n", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .icon("top-n")
          .docs(
              "Per `groupBy`, the `n` items with the highest latest `score`, best first, as a list"
                  + " of `{item, score}`; emitted on every update.")
          .parameter(
              Parameter.perEvent(GROUP_BY, DataType.UNKNOWN)
                  .docs("The group, e.g. `#covisit.item`.")
                  .build())
          .parameter(Parameter.perEvent(ITEM, DataType.UNKNOWN).docs("The item ranked.").build())
          .parameter(
              Parameter.perEvent(SCORE, DataType.DOUBLE)
                  .docs("Its score; higher is better.")
                  .build())
          .parameter(
              Parameter.once(N, DataType.LONG)
                  .defaultExpression("10")
                  .validator(ParameterValidator.between(1, 1000))
                  .docs("How many items to emit.")
                  .build())
          .parameter(
              Parameter.once(MAX_ITEMS, DataType.LONG)
                  .defaultExpression("1000")
                  .validator(ParameterValidator.between(1, 1_000_000))
                  .docs(
                      "At most this many items are remembered per group (the lowest dropped;"
                          + " counted by the metric `itemsDropped`).")
                  .build())
          .parameter(
              Parameter.once(SCORE_TTL, DataType.DURATION)
                  .optional()
                  .defaultExpression("'P30D'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "An item whose score was not updated for this long (processing time) is"
                          + " forgotten, and a group with no items left takes no memory. Empty:"
                          + " scores are kept for ever.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return DataType.listOf(
        DataType.recordBuilder()
            .field("item", ctx.params().typeOf(ITEM))
            .field("score", DataType.DOUBLE)
            .build());
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    SingleOutputStreamOperator<Variables> out =
        KeyedRecords.byText(ctx, ctx.input(), p.lazy(GROUP_BY))
            .process(
                new TopN(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    p.lazy(ITEM),
                    p.lazy(SCORE),
                    p.value(N, Long.class).intValue(),
                    p.value(MAX_ITEMS, Long.class).intValue(),
                    p.optionalValue(SCORE_TTL, Duration.class).orElse(null)),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /**
   * State: {@code scores-v1}, item → latest score (with a time to live per item when {@code
   * scoreTtl} is set). A record whose {@code item} or {@code score} fails to evaluate goes to the
   * node's errors; one whose item is null or score not a number is skipped. Metric {@code
   * itemsDropped}: items forgotten by {@code maxItems}.
   */
  static final class TopN
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<Map.Entry<String, Double>> BEST_FIRST =
        Map.Entry.<String, Double>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey());
    private final String nodeId;
    private final String output;
    private final LazyParameter<Object> item;
    private final LazyParameter<Object> score;
    private final int n;
    private final int maxItems;
    private final Duration ttl;
    private transient MapState<String, Double> scores;
    private transient Counter dropped;

    TopN(
        String nodeId,
        String output,
        LazyParameter<Object> item,
        LazyParameter<Object> score,
        int n,
        int maxItems,
        Duration ttl) {
      this.nodeId = nodeId;
      this.output = output;
      this.item = item;
      this.score = score;
      this.n = n;
      this.maxItems = maxItems;
      this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
      MapStateDescriptor<String, Double> descriptor =
          new MapStateDescriptor<>("scores-v1", Types.STRING, Types.DOUBLE);
      if (ttl != null) {
        descriptor.enableTimeToLive(StateTimeToLive.of(ttl));
      }
      scores = getRuntimeContext().getMapState(descriptor);
      dropped = getRuntimeContext().getMetricGroup().counter("itemsDropped");
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      Variables v = in.f1;
      Object it;
      Object sc;
      try {
        it = item.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, ITEM, v, e);
        return;
      }
      try {
        sc = score.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, SCORE, v, e);
        return;
      }
      if (it == null || !(sc instanceof Number s)) {
        return;
      }
      scores.put(it.toString(), s.doubleValue());
      List<Map.Entry<String, Double>> all = new ArrayList<>();
      for (Map.Entry<String, Double> e : scores.entries()) {
        all.add(Map.entry(e.getKey(), e.getValue()));
      }
      all.sort(BEST_FIRST);
      if (all.size() > maxItems) {
        for (Map.Entry<String, Double> e : all.subList(maxItems, all.size())) {
          scores.remove(e.getKey());
        }
        dropped.inc(all.size() - maxItems);
        // what is forgotten is not emitted either, so an item never shows up just once
        all = all.subList(0, maxItems);
      }
      List<Object> top = new ArrayList<>(Math.min(n, all.size()));
      for (Map.Entry<String, Double> e : all.subList(0, Math.min(n, all.size()))) {
        Map<String, Object> r = new LinkedHashMap<>(4);
        r.put("item", e.getKey());
        r.put("score", e.getValue());
        top.add(r);
      }
      out.collect(v.with(output, List.copyOf(top)));
    }
  }
}
