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
import dev.walnut.components.base.internal.KeySelectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
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
                  .docs("At most this many items are remembered per group (the lowest dropped).")
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
    return ctx.input()
        .keyBy(KeySelectors.byText(p.lazy(GROUP_BY), ctx.nodeId()))
        .process(
            new TopN(
                ctx.outputVariable(),
                p.lazy(ITEM),
                p.lazy(SCORE),
                p.value(N, Long.class).intValue(),
                p.value(MAX_ITEMS, Long.class).intValue()),
            VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  /** State: {@code scores-v1}, item → latest score. */
  static final class TopN extends KeyedProcessFunction<String, Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private static final Comparator<Map.Entry<String, Double>> BEST_FIRST =
        Map.Entry.<String, Double>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey());
    private final String output;
    private final LazyParameter<Object> item;
    private final LazyParameter<Object> score;
    private final int n;
    private final int maxItems;
    private transient MapState<String, Double> scores;

    TopN(
        String output,
        LazyParameter<Object> item,
        LazyParameter<Object> score,
        int n,
        int maxItems) {
      this.output = output;
      this.item = item;
      this.score = score;
      this.n = n;
      this.maxItems = maxItems;
    }

    @Override
    public void open(OpenContext openContext) {
      scores =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("scores-v1", Types.STRING, Types.DOUBLE));
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out)
        throws Exception {
      Object it = item.evaluate(v);
      Object sc = score.evaluate(v);
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
