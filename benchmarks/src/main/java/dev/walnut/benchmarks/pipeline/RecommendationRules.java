package dev.walnut.benchmarks.pipeline;

import java.util.HashSet;
import java.util.Set;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The scenario's rules, hand-written: the model's items then the trending fill that the catalogue
 * holds and may show (published, in stock, not a gift card), at most {@value #KEEP} (the scenario's
 * {@code Keep at most}); without those tagged {@code no-recommendations}; without what the shopper
 * viewed in the window, bought or has in the cart; the first {@value #TOP}; nothing when empty.
 */
final class RecommendationRules
    extends BroadcastProcessFunction<Recommendation, ShopUpdate, Recommendation> {
  private static final long serialVersionUID = 1L;
  static final int KEEP = 80;
  static final int TOP = 10;
  private static final byte SHOWABLE = 1;
  private static final byte RULED_OUT = 2;
  static final MapStateDescriptor<String, Byte> CATALOGUE =
      new MapStateDescriptor<>("catalogue-v1", Types.STRING, Types.BYTE);
  static final MapStateDescriptor<Byte, String[]> TRENDING =
      new MapStateDescriptor<>(
          "trending-v1",
          Types.BYTE,
          org.apache.flink.api.common.typeinfo.Types.OBJECT_ARRAY(Types.STRING));
  private static final String[] NONE = new String[0];

  /** Catalogue records applied, summed over subtasks (as Walnut's {@code catalogue} counts). */
  static final String APPLIED = "catalogue-records";

  private transient org.apache.flink.api.common.accumulators.LongCounter applied;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
    applied = new org.apache.flink.api.common.accumulators.LongCounter();
    getRuntimeContext().addAccumulator(APPLIED, applied);
  }

  @Override
  public void processBroadcastElement(ShopUpdate u, Context ctx, Collector<Recommendation> out)
      throws Exception {
    if (u.trending != null) {
      ctx.getBroadcastState(TRENDING).put((byte) 0, u.trending);
      return;
    }
    BroadcastState<String, Byte> catalogue = ctx.getBroadcastState(CATALOGUE);
    if (u.deleted) {
      catalogue.remove(u.productId);
    } else {
      catalogue.put(
          u.productId, (byte) ((u.showable ? SHOWABLE : 0) | (u.ruledOut ? RULED_OUT : 0)));
    }
    applied.add(1);
  }

  @Override
  public void processElement(Recommendation r, ReadOnlyContext ctx, Collector<Recommendation> out)
      throws Exception {
    ReadOnlyBroadcastState<String, Byte> catalogue = ctx.getBroadcastState(CATALOGUE);
    String[] trending = ctx.getBroadcastState(TRENDING).get((byte) 0);
    if (trending == null) {
      trending = NONE;
    }
    String[] products = new String[TOP];
    double[] scores = new double[TOP];
    String[] sources = new String[TOP];
    Set<String> seen = new HashSet<>();
    int kept = 0;
    int shown = 0;
    int models = r.topItems.length;
    for (int i = 0; i < models + trending.length && kept < KEEP && shown < TOP; i++) {
      boolean model = i < models;
      String id = model ? r.topItems[i] : trending[i - models];
      if (!seen.add(id)) {
        continue;
      }
      Byte flags = catalogue.get(id);
      if (flags == null || (flags & SHOWABLE) == 0) {
        continue;
      }
      kept++;
      if ((flags & RULED_OUT) != 0 || contains(r.window, id) || contains(r.boughtOrInCart, id)) {
        continue;
      }
      products[shown] = id;
      scores[shown] = model ? r.topScores[i] : 0.0;
      sources[shown] = model ? "model" : "fill";
      shown++;
    }
    if (shown == 0) {
      return;
    }
    r.products = shown == TOP ? products : java.util.Arrays.copyOf(products, shown);
    r.scores = shown == TOP ? scores : java.util.Arrays.copyOf(scores, shown);
    r.sources = shown == TOP ? sources : java.util.Arrays.copyOf(sources, shown);
    out.collect(r);
  }

  private static boolean contains(String[] ids, String id) {
    for (String s : ids) {
      if (id.equals(s)) {
        return true;
      }
    }
    return false;
  }
}
