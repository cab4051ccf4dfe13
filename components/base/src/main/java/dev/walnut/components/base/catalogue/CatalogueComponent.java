package dev.walnut.components.base.catalogue;

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
import dev.walnut.kafka.JsonTopicSource;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * {@code catalogue}: keeps a record's candidate products that the shop's catalogue holds and may
 * show. The catalogue is a table in the job: the compacted Kafka topic {@code Catalogue topic} (one
 * record per product, as the {@code shopify-products} source writes it), read from its start into
 * Flink broadcast state on every subtask. Candidates are the {@code Items} (best first, with their
 * {@code Scores}) followed by the {@code Fill} items; each product id is kept once.
 */
public final class CatalogueComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String TOPIC = "Catalogue topic";
  static final String ITEMS = "Items";
  static final String SCORES = "Scores";
  static final String FILL = "Fill";
  static final String EXCLUDE = "Exclude";
  static final String PUBLISHED = "Published only";
  static final String IN_STOCK = "In stock only";
  static final String NO_GIFT_CARDS = "Exclude gift cards";
  static final String KEEP = "Keep at most";

  static final DataType PRODUCT =
      DataType.recordBuilder()
          .field("title", DataType.STRING)
          .field("handle", DataType.STRING)
          .field("productType", DataType.STRING)
          .field("vendor", DataType.STRING)
          .field("tags", DataType.listOf(DataType.STRING))
          .field("price", DataType.DOUBLE)
          .field("currency", DataType.STRING)
          .build();
  static final DataType CANDIDATE =
      DataType.recordBuilder()
          .field("id", DataType.STRING)
          .field("score", DataType.DOUBLE)
          .field("source", DataType.STRING)
          .field("product", PRODUCT)
          .build();

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("catalogue", ComponentKind.CUSTOM)
          .group("recommendations")
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .icon("filter")
          .docs(
              "Keeps the candidate products the shop's catalogue holds and may show (published,"
                  + " in stock, not a gift card) and the record does not `Exclude`, as a list of"
                  + " `{id, score, source, product}`:"
                  + " the `Items` in their order (source `model`), then the `Fill` items (source"
                  + " `fill`, score 0), each product once, at most `Keep at most`. The catalogue"
                  + " is a compacted Kafka topic read into the job; items it does not hold are"
                  + " dropped and counted (metric `unknownItems`). Write further rules on"
                  + " `#this.product` in a variable node after it, e.g."
                  + " `#candidates.?[#this.product.price < 100]`.")
          .parameter(
              Parameter.once(TOPIC, DataType.STRING)
                  .defaultExpression("'shop-products'")
                  .validator(ParameterValidator.notBlank())
                  .docs(
                      "The compacted topic of products (key: product id; value: `{id, title,"
                          + " handle, status, published, isGiftCard, available, productType,"
                          + " vendor, tags, price, currency, deleted}` as `shopify-products`"
                          + " writes it).")
                  .build())
          .parameter(
              Parameter.perEvent(ITEMS, DataType.listOf(DataType.UNKNOWN))
                  .docs(
                      "The candidates, best first: product ids (`8123456789012`) or GIDs"
                          + " (`gid://shopify/Product/8123456789012`), e.g. `#model.top_items`.")
                  .build())
          .parameter(
              Parameter.perEvent(SCORES, DataType.listOf(DataType.DOUBLE))
                  .optional()
                  .docs("The items' scores in the same order, e.g. `#model.top_scores`.")
                  .build())
          .parameter(
              Parameter.perEvent(FILL, DataType.listOf(DataType.UNKNOWN))
                  .optional()
                  .docs(
                      "Items that follow the candidates when few of them survive, e.g."
                          + " `#trending` (most viewed now).")
                  .build())
          .parameter(
              Parameter.perEvent(EXCLUDE, DataType.listOf(DataType.UNKNOWN))
                  .optional()
                  .docs(
                      "Products never to keep for this record, e.g. what the shopper viewed,"
                          + " bought or has in the cart: `{#lastViewed, #boughtOrInCart}` (a list"
                          + " of ids, or of lists of ids). Checked here, against a set, rather"
                          + " than by an expression per candidate.")
                  .build())
          .parameter(
              Parameter.once(PUBLISHED, DataType.BOOLEAN)
                  .defaultExpression("true")
                  .docs("Keep only active products published on the online store.")
                  .build())
          .parameter(
              Parameter.once(IN_STOCK, DataType.BOOLEAN)
                  .defaultExpression("true")
                  .docs("Keep only products that can be bought now (in stock or not tracked).")
                  .build())
          .parameter(
              Parameter.once(NO_GIFT_CARDS, DataType.BOOLEAN)
                  .defaultExpression("true")
                  .docs("Drop gift cards.")
                  .build())
          .parameter(
              Parameter.once(KEEP, DataType.LONG)
                  .defaultExpression("50")
                  .validator(ParameterValidator.between(1, 1000))
                  .docs(
                      "At most this many candidates are kept (the rules after this node cut"
                          + " further; leave room for what they exclude).")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return DataType.listOf(CANDIDATE);
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    String topic = p.value(TOPIC, String.class);
    DataStream<Variables> products =
        JsonTopicSource.forTopic(topic, "walnut-" + ctx.scenarioId() + "-catalogue")
            .named(ctx.nodeId() + "-catalogue")
            // a test run reads what the topic holds, so it ends
            .stoppingAtLatest(ctx.isTestRun())
            .create(ctx, WatermarkStrategy.forGenerator(c -> new NoTime()));
    Rules rules =
        new Rules(
            p.value(PUBLISHED, Boolean.class),
            p.value(IN_STOCK, Boolean.class),
            p.value(NO_GIFT_CARDS, Boolean.class),
            p.value(KEEP, Long.class).intValue());
    SingleOutputStreamOperator<Variables> out =
        ctx.input()
            .connect(products.broadcast(CatalogueFilter.PRODUCTS))
            .process(
                new CatalogueFilter(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    p.lazy(ITEMS),
                    p.optionalLazy(SCORES).orElse(null),
                    p.optionalLazy(FILL).orElse(null),
                    p.optionalLazy(EXCLUDE).orElse(null),
                    rules),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /**
   * The catalogue is a table, not a stream in time: its input must not hold back the records'
   * watermark, which for a two-input operator is the lower of the two.
   */
  private static final class NoTime implements WatermarkGenerator<Variables> {
    @Override
    public void onEvent(Variables event, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      output.emitWatermark(Watermark.MAX_WATERMARK);
    }
  }

  /** The fixed checks and the cut, as the node's parameters set them. */
  record Rules(boolean publishedOnly, boolean inStockOnly, boolean noGiftCards, int keep)
      implements java.io.Serializable {}
}
