package dev.walnut.shopify.sink;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SecretReference;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import dev.walnut.shopify.connect.ShopParameters;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code shopify-recommendations}: writes each shopper's recommendations to a Shopify metaobject
 * ({@code metaobjectUpsert}), coalesced per handle, paced by the shop's cost bucket, retried on
 * throttling and server errors, flushed on every checkpoint (at-least-once; upserts are
 * idempotent), in bulk operations when a backlog builds up.
 */
public final class ShopifyRecommendationsSink implements SinkComponent {
  private static final long serialVersionUID = 1L;
  static final String SHOP = ShopParameters.SHOP;
  static final String TOKEN = ShopParameters.TOKEN;
  static final String VERSION = ShopParameters.VERSION;
  static final String TYPE = "Metaobject type";
  static final String HANDLE = "Handle";
  static final String CUSTOMER_ID = "Customer id";
  static final String HANDLE_KEY = "Handle key";
  static final String PRODUCTS = "Products";
  static final String SCORES = "Scores";
  static final String MODEL_VERSION = "Model version";
  static final String COALESCE = "Coalescing interval";
  static final String PLAN = "Plan";
  static final String CONCURRENCY = "Concurrency";
  static final String BULK_THRESHOLD = "Bulk threshold";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("shopify-recommendations", ComponentKind.SINK)
          .icon("shopify")
          .docs(
              "Writes each shopper's top products to a Shopify metaobject (`metaobjectUpsert`),"
                  + " which the storefront snippet renders. Keeps only the latest update per"
                  + " handle while it waits, skips unchanged content, stays within the shop's API"
                  + " cost budget (no THROTTLED in steady state), retries throttling, 429, 5xx and"
                  + " timeouts without reordering a shopper's writes, flushes on every checkpoint,"
                  + " and switches to bulk operations for large backlogs. Creates the metaobject"
                  + " definition (storefront access PUBLIC_READ) if it is missing.")
          .parameter(ShopParameters.shop())
          .parameter(ShopParameters.accessToken("write_metaobjects, write_metaobject_definitions"))
          .parameter(ShopParameters.apiVersion())
          .parameter(
              Parameter.once(TYPE, DataType.STRING)
                  .defaultExpression("'$app:recommendations'")
                  .validator(ParameterValidator.notBlank())
                  .docs(
                      "The metaobject type. `$app:recommendations` is owned by the app; Shopify"
                          + " resolves it to `app--<appId>--recommendations`, the name Liquid"
                          + " uses.")
                  .build())
          .parameter(
              Parameter.once(HANDLE_KEY, DataType.STRING)
                  .defaultExpression("'${env:SHOPIFY_HANDLE_KEY}'")
                  .editor(Editor.SECRET)
                  .validator(ParameterValidator.secretReference("${env:SHOPIFY_HANDLE_KEY}"))
                  .docs(
                      "The shop's handle key (at least 16 characters), as a secret reference: a"
                          + " customer's handle is `c-` + the first 32 hex digits of HMAC-SHA256 of"
                          + " the customer id under this key, so handles cannot be enumerated. The"
                          + " theme's snippet is given the same key.")
                  .build())
          .parameter(
              Parameter.perEvent(CUSTOMER_ID, DataType.UNKNOWN)
                  .optional()
                  .docs(
                      "Per record: the logged-in customer's id (`#customerId`); the handle is"
                          + " derived from it with the handle key. Null: the `Handle` is used.")
                  .build())
          .parameter(
              Parameter.perEvent(HANDLE, DataType.STRING)
                  .optional()
                  .docs(
                      "Per record, for shoppers without a customer id: a handle made of a random"
                          + " id, lowercase `[a-z0-9-]`, e.g. `'a-' + #domainUserId` (Snowplow's"
                          + " random cookie id; other characters become `-`). Never a sequential"
                          + " id: handles starting with `c-` are refused, customers go in"
                          + " `Customer id`.")
                  .build())
          .parameter(
              Parameter.perEvent(PRODUCTS, DataType.listOf(DataType.UNKNOWN))
                  .docs(
                      "The recommended products, best first: product ids (`8123456789012`) or"
                          + " GIDs (`gid://shopify/Product/8123456789012`); the first 10 are kept.")
                  .build())
          .parameter(
              Parameter.perEvent(SCORES, DataType.listOf(DataType.DOUBLE))
                  .optional()
                  .docs("The products' scores, in the same order (optional).")
                  .build())
          .parameter(
              Parameter.perEvent(MODEL_VERSION, DataType.UNKNOWN)
                  .optional()
                  .docs("The model version that made the recommendations (optional).")
                  .build())
          .parameter(
              Parameter.once(COALESCE, DataType.DURATION)
                  .defaultExpression("'PT3S'")
                  .docs(
                      "How long an update waits for a newer one of the same shopper before it is"
                          + " written (checkpoints write everything at once).")
                  .build())
          .parameter(
              Parameter.once(PLAN, DataType.STRING)
                  .defaultExpression("'automatic'")
                  .editor(
                      Editor.fixedStrings(
                          "automatic", "standard", "advanced", "plus", "enterprise"))
                  .docs(
                      "The shop's plan: its restore rate is the most the sink spends per second"
                          + " (standard 100, advanced 200, plus 1,000, enterprise 2,000 points/s)."
                          + " `automatic`: whatever Shopify's throttleStatus reports.")
                  .build())
          .parameter(
              Parameter.once(CONCURRENCY, DataType.LONG)
                  .defaultExpression("8")
                  .validator(ParameterValidator.between(1, 64))
                  .docs("Requests in flight at once per subtask (one per shopper at a time).")
                  .build())
          .parameter(
              Parameter.once(BULK_THRESHOLD, DataType.LONG)
                  .defaultExpression("5000")
                  .validator(ParameterValidator.between(0, 10_000_000))
                  .docs(
                      "From this many shoppers waiting on one subtask, they are written in one"
                          + " bulk operation (a backfill); 0: never.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    ParameterValues p = ctx.params();
    String plan = p.value(PLAN, String.class);
    WriterSettings settings =
        new WriterSettings(
            p.value(COALESCE, Duration.class),
            plan.equals("automatic") ? null : ShopifyPlan.parse(plan),
            p.value(CONCURRENCY, Long.class).intValue(),
            p.value(BULK_THRESHOLD, Long.class).intValue(),
            Duration.ofSeconds(1));
    WriteRecommendations write =
        new WriteRecommendations(
            ctx.nodeId(),
            p.value(SHOP, String.class),
            p.value(TOKEN, String.class),
            p.value(HANDLE_KEY, String.class),
            p.value(VERSION, String.class),
            p.value(TYPE, String.class),
            settings,
            update(p));
    input
        // one subtask per shopper, so a shopper's writes stay in order
        .keyBy(new ShopperKey(update(p)))
        .sinkTo(write)
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    ParameterValues p = ctx.params();
    return new TestOutput(update(p), p.value(HANDLE_KEY, String.class));
  }

  private static UpdateExpression update(ParameterValues p) {
    return new UpdateExpression(
        p.optionalLazy(CUSTOMER_ID).orElse(null),
        p.optionalLazy(HANDLE).orElse(null),
        p.lazy(PRODUCTS),
        p.optionalLazy(SCORES).orElse(null),
        p.optionalLazy(MODEL_VERSION).orElse(null));
  }

  /** The expressions that make an update. */
  record UpdateExpression(
      LazyParameter<Object> customerId,
      LazyParameter<Object> handle,
      LazyParameter<Object> products,
      LazyParameter<Object> scores,
      LazyParameter<Object> modelVersion)
      implements java.io.Serializable {
    RecommendationUpdate evaluate(Variables v, Instant now, HandleHasher hasher) {
      return RecommendationUpdate.of(
          handleOf(v, hasher),
          products.evaluate(v),
          scores == null ? null : scores.evaluate(v),
          modelVersion == null ? null : modelVersion.evaluate(v),
          now);
    }

    /** The customer's hashed handle, else the given one (never a `c-` one). */
    private Object handleOf(Variables v, HandleHasher hasher) {
      Object customer = customerId == null ? null : customerId.evaluate(v);
      if (customer != null) {
        return hasher.customerHandle(customer);
      }
      Object given = handle == null ? null : handle.evaluate(v);
      if (given != null
          && given.toString().trim().toLowerCase(java.util.Locale.ROOT).startsWith("c-")) {
        throw new IllegalArgumentException(
            "a handle starting with `c-` looks like a customer's: give the customer id as `"
                + CUSTOMER_ID
                + "`, whose handle is hashed");
      }
      return given;
    }

    /** Who the update is for, to keep one shopper's updates on one subtask. */
    String shopper(Variables v) {
      Object customer = customerId == null ? null : customerId.evaluate(v);
      if (customer != null) {
        return "customer:" + customer;
      }
      Object given = handle == null ? null : handle.evaluate(v);
      return given == null ? "" : given.toString();
    }
  }

  private record ShopperKey(UpdateExpression update) implements KeySelector<Variables, String> {
    @Override
    public String getKey(Variables v) {
      return update.shopper(v);
    }
  }

  /** What a test run records instead of writing: the handle and the fields. */
  private static final class TestOutput implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;
    private final UpdateExpression update;
    private final String handleKey;
    private transient HandleHasher hasher;

    TestOutput(UpdateExpression update, String handleKey) {
      this.update = update;
      this.handleKey = handleKey;
    }

    @Override
    public Object evaluate(Variables context) {
      try {
        if (hasher == null) {
          // the key is resolved where the test runs, as the job resolves it where it runs
          hasher = new HandleHasher(SecretReference.parse(handleKey, "the handle key").resolve());
        }
        RecommendationUpdate u = update.evaluate(context, Instant.EPOCH, hasher);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("handle", u.handle());
        Map<String, String> fields = new LinkedHashMap<>(u.fields());
        fields.remove("generated_at");
        out.put("fields", fields);
        return out;
      } catch (IllegalArgumentException | IllegalStateException e) {
        return Map.of("error", e.getMessage());
      }
    }

    @Override
    public DataType type() {
      return DataType.UNKNOWN;
    }

    @Override
    public String expression() {
      LazyParameter<Object> shown =
          update.customerId() != null ? update.customerId() : update.handle();
      return Optional.ofNullable(shown).map(LazyParameter::expression).orElse("");
    }
  }
}
