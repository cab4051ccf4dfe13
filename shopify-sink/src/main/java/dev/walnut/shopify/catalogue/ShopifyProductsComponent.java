package dev.walnut.shopify.catalogue;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.json.JsonValues;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.shopify.connect.ShopParameters;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * {@code shopify-products}: the shop's catalogue, one record per product — every product at start,
 * then the products changed or deleted since, polled — in the shape of the compacted {@code
 * shop-products} topic ({@link ProductRecords}).
 */
public final class ShopifyProductsComponent implements SourceComponent {
  private static final long serialVersionUID = 1L;
  static final String POLL_INTERVAL = "Poll interval";
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("shopify-products", ComponentKind.SOURCE)
          .icon("shopify")
          .docs(
              "The shop's catalogue from the Admin API, one record per product: every product at"
                  + " start (250 per page, paced by the shop's cost bucket), then, every poll"
                  + " interval, the products updated since the newest change seen"
                  + " (`updated_at:>=…`) and those deleted (`deletionEvents`). #input is {id, gid,"
                  + " handle, title, status, published, isGiftCard, tracksInventory,"
                  + " totalInventory, available (not tracked, or in stock), productType, vendor,"
                  + " tags, price, currency, updatedAt, deleted}; a deleted product is {id, gid,"
                  + " deleted: true}. Write it to a compacted Kafka topic keyed by #input.id and"
                  + " the topic holds the catalogue. A restored job resumes polling where its"
                  + " checkpoint was; Shopify outages are waited out, never failing the job.")
          .parameter(ShopParameters.shop())
          .parameter(ShopParameters.accessToken(ShopifyProductsSource.SCOPES))
          .parameter(ShopParameters.apiVersion())
          .parameter(
              Parameter.once(POLL_INTERVAL, DataType.DURATION)
                  .defaultExpression("'PT1M'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "How often the shop is asked for products changed or deleted since the last"
                          + " poll (ISO-8601, e.g. `'PT1M'`). Each poll costs a few points of the"
                          + " shop's API budget.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType inputType(TypingContext context) {
    return ProductRecords.TYPE;
  }

  @Override
  public DataStream<Variables> createSource(NodeContext ctx) {
    ParameterValues p = ctx.params();
    ShopifyProductsSource source =
        new ShopifyProductsSource(
            new ShopifyProductsSource.Settings(
                ctx.nodeId(),
                p.value(ShopParameters.SHOP, String.class),
                p.value(ShopParameters.TOKEN, String.class),
                p.value(ShopParameters.VERSION, String.class),
                p.value(POLL_INTERVAL, Duration.class),
                REQUEST_TIMEOUT));
    // a catalogue is a table, not a stream of events: records carry the product's updatedAt as
    // their timestamp, and no watermarks are made from it
    return ctx.env()
        .fromSource(
            source, WatermarkStrategy.noWatermarks(), ctx.nodeId(), VariablesTypeInfo.INSTANCE)
        .uid(ctx.nodeId())
        // one reader: the shop is one split, and one product's records must stay in order
        .setParallelism(1);
  }

  @Override
  public DataStream<Variables> createTestSource(NodeContext ctx, DataStream<String> jsonLines) {
    return jsonLines
        .flatMap(new ParseLine(), VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId() + "-read")
        .uid(ctx.nodeId() + "-read")
        .setParallelism(1);
  }

  /** Test input: one catalogue record (JSON) per line. */
  private static final class ParseLine implements FlatMapFunction<String, Variables> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(String line, Collector<Variables> out) throws Exception {
      if (!line.isBlank()) {
        Object record = JsonValues.parse(line);
        Object gid = record instanceof Map<?, ?> m ? m.get("gid") : null;
        out.collect(Variables.ofInput(gid == null ? null : gid.toString(), record));
      }
    }
  }
}
