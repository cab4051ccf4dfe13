package dev.walnut.components.base.catalogue;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordErrors;
import dev.walnut.api.types.JsonValueTypeInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The catalogue (broadcast state {@code catalogue-v1}: product id → {@link Entry}) and the filter
 * of each record's candidates against it. Every subtask holds the whole catalogue: a shop's
 * products (tens of thousands, a few hundred bytes each) fit in memory many times over.
 *
 * <p>Metrics: {@code unknownItems} (candidates the catalogue does not hold), {@code hiddenItems}
 * (held but not to be shown: unpublished, out of stock, gift card), {@code beforeCatalogue}
 * (records filtered while the catalogue was still empty: their candidate list is empty). The
 * accumulator {@code walnut.catalogue-records.<node>} counts the catalogue records applied (on
 * every subtask), so an operator can see the table has loaded.
 */
final class CatalogueFilter extends BroadcastProcessFunction<Variables, Variables, Variables> {
  private static final long serialVersionUID = 1L;
  static final MapStateDescriptor<String, Object> PRODUCTS =
      new MapStateDescriptor<>("catalogue-v1", Types.STRING, JsonValueTypeInfo.INSTANCE);
  private static final String GID = "gid://shopify/Product/";

  private final String nodeId;
  private final String output;
  private final LazyParameter<Object> items;
  private final LazyParameter<Object> scores;
  private final LazyParameter<Object> fill;
  private final LazyParameter<Object> exclude;
  private final CatalogueComponent.Rules rules;
  private transient Counter unknown;
  private transient Counter hidden;
  private transient Counter beforeCatalogue;
  private transient LongCounter applied;

  CatalogueFilter(
      String nodeId,
      String output,
      LazyParameter<Object> items,
      LazyParameter<Object> scores,
      LazyParameter<Object> fill,
      LazyParameter<Object> exclude,
      CatalogueComponent.Rules rules) {
    this.nodeId = nodeId;
    this.output = output;
    this.items = items;
    this.scores = scores;
    this.fill = fill;
    this.exclude = exclude;
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    var metrics = getRuntimeContext().getMetricGroup();
    unknown = metrics.counter("unknownItems");
    hidden = metrics.counter("hiddenItems");
    beforeCatalogue = metrics.counter("beforeCatalogue");
    applied = new LongCounter();
    getRuntimeContext().addAccumulator("walnut.catalogue-records." + nodeId, applied);
  }

  @Override
  public void processBroadcastElement(Variables record, Context ctx, Collector<Variables> out)
      throws Exception {
    if (!(record.input() instanceof Map<?, ?> m)) {
      return; // not a product record: the topic's contract is one JSON object per product
    }
    String id = productId(m.get("id"));
    if (id == null) {
      return;
    }
    BroadcastState<String, Object> products = ctx.getBroadcastState(PRODUCTS);
    if (Boolean.TRUE.equals(m.get("deleted"))) {
      products.remove(id);
    } else {
      products.put(id, Entry.of(m));
    }
    applied.add(1);
  }

  @Override
  public void processElement(Variables v, ReadOnlyContext ctx, Collector<Variables> out)
      throws Exception {
    List<?> candidates;
    List<?> candidateScores;
    List<?> fills;
    Set<String> seen = new HashSet<>();
    try {
      candidates = list(items.evaluate(v), CatalogueComponent.ITEMS);
      candidateScores =
          scores == null ? List.of() : list(scores.evaluate(v), CatalogueComponent.SCORES);
      fills = fill == null ? List.of() : list(fill.evaluate(v), CatalogueComponent.FILL);
      if (exclude != null) {
        // excluded ids count as already seen: skipped without a lookup
        addIds(list(exclude.evaluate(v), CatalogueComponent.EXCLUDE), seen);
      }
    } catch (Exception | StackOverflowError e) {
      ctx.output(RecordErrors.TAG, RecordErrors.describe(nodeId, v, e));
      return;
    }
    ReadOnlyBroadcastState<String, Object> products = ctx.getBroadcastState(PRODUCTS);
    List<Object> kept = new ArrayList<>();
    boolean empty = !products.immutableEntries().iterator().hasNext();
    if (empty) {
      beforeCatalogue.inc();
    } else {
      add(products, candidates, candidateScores, "model", seen, kept);
      add(products, fills, List.of(), "fill", seen, kept);
    }
    out.collect(v.with(output, Collections.unmodifiableList(kept)));
  }

  private void add(
      ReadOnlyBroadcastState<String, Object> products,
      List<?> ids,
      List<?> scoresOf,
      String source,
      Set<String> seen,
      List<Object> kept)
      throws Exception {
    for (int i = 0; i < ids.size() && kept.size() < rules.keep(); i++) {
      String id = productId(ids.get(i));
      if (id == null || !seen.add(id)) {
        continue;
      }
      Object e = products.get(id);
      if (e == null) {
        unknown.inc();
        continue;
      }
      Map<?, ?> entry = (Map<?, ?>) e;
      if (!Entry.showable(entry, rules)) {
        hidden.inc();
        continue;
      }
      Map<String, Object> c = new LinkedHashMap<>(4);
      c.put("id", id);
      c.put(
          "score",
          i < scoresOf.size() && scoresOf.get(i) instanceof Number n ? n.doubleValue() : 0.0);
      c.put("source", source);
      c.put("product", entry.get(Entry.PRODUCT));
      kept.add(Collections.unmodifiableMap(c));
    }
  }

  /** The ids of a list of ids or of lists of ids. */
  private static void addIds(List<?> values, Set<String> into) {
    for (Object e : values) {
      if (e instanceof List<?> inner) {
        addIds(inner, into);
      } else {
        String id = productId(e);
        if (id != null) {
          into.add(id);
        }
      }
    }
  }

  private static List<?> list(Object value, String parameter) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof List<?> l) {
      return l;
    }
    throw new IllegalArgumentException(
        "`" + parameter + "` must be a list, got " + value.getClass().getSimpleName());
  }

  /** A product id from an id, a number or a GID; null for anything else. */
  static String productId(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Double d && d == Math.rint(d)) {
      return Long.toString(d.longValue());
    }
    String s = value.toString().trim();
    if (s.startsWith(GID)) {
      s = s.substring(GID.length());
    }
    return s.isEmpty() ? null : s;
  }

  /**
   * What the state keeps of a product: the flags the rules check and the {@code product} map
   * candidates carry (built once per catalogue record, shared by every candidate).
   */
  static final class Entry {
    static final String PRODUCT = "product";
    static final String ACTIVE = "active";
    static final String AVAILABLE = "available";
    static final String GIFT_CARD = "giftCard";

    private Entry() {}

    static Map<String, Object> of(Map<?, ?> m) {
      Map<String, Object> product = new LinkedHashMap<>();
      for (String f :
          List.of("title", "handle", "productType", "vendor", "tags", "price", "currency")) {
        product.put(f, m.get(f));
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put(PRODUCT, Collections.unmodifiableMap(product));
      e.put(ACTIVE, "ACTIVE".equals(m.get("status")) && !Boolean.FALSE.equals(m.get("published")));
      e.put(AVAILABLE, !Boolean.FALSE.equals(m.get("available")));
      e.put(GIFT_CARD, Boolean.TRUE.equals(m.get("isGiftCard")));
      return Collections.unmodifiableMap(e);
    }

    static boolean showable(Map<?, ?> e, CatalogueComponent.Rules rules) {
      return (!rules.publishedOnly() || Boolean.TRUE.equals(e.get(ACTIVE)))
          && (!rules.inStockOnly() || Boolean.TRUE.equals(e.get(AVAILABLE)))
          && (!rules.noGiftCards() || !Boolean.TRUE.equals(e.get(GIFT_CARD)));
    }
  }
}
