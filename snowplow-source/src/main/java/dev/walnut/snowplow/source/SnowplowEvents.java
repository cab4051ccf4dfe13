package dev.walnut.snowplow.source;

import dev.walnut.api.DataType;
import dev.walnut.api.time.EventTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A collector record (see the collector's Kafka output) → the {@code snowplow} source's typed
 * {@code #input}: ids, type, app, platform, user ids, page URL, timestamps and the Snowplow
 * e-commerce action with its product, cart and transaction entities.
 */
final class SnowplowEvents {
  static final String ECOMMERCE_VENDOR = "iglu:com.snowplowanalytics.snowplow.ecommerce/";

  static final DataType PRODUCT =
      DataType.recordBuilder()
          .field("id", DataType.STRING)
          .field("name", DataType.STRING)
          .field("category", DataType.STRING)
          .field("price", DataType.DOUBLE)
          .field("currency", DataType.STRING)
          .build();

  static final DataType TYPE =
      DataType.recordBuilder()
          .field("eventId", DataType.STRING)
          .field("eventType", DataType.STRING)
          .field("appId", DataType.STRING)
          .field("platform", DataType.STRING)
          .field("domainUserId", DataType.STRING)
          .field("userId", DataType.STRING)
          .field("networkUserId", DataType.STRING)
          .field("shopperId", DataType.STRING)
          .field("pageUrl", DataType.STRING)
          .field("collectorTstamp", DataType.INSTANT)
          .field("dvceCreatedTstamp", DataType.INSTANT)
          .field("dvceSentTstamp", DataType.INSTANT)
          .field("derivedTstamp", DataType.INSTANT)
          .field("eventTime", DataType.INSTANT)
          .field("schema", DataType.STRING)
          .field("ecommerceAction", DataType.STRING)
          .field("product", PRODUCT)
          .field("products", DataType.listOf(PRODUCT))
          .field(
              "cart",
              DataType.recordBuilder()
                  .field("cartId", DataType.STRING)
                  .field("totalValue", DataType.DOUBLE)
                  .field("currency", DataType.STRING)
                  .build())
          .field(
              "transaction",
              DataType.recordBuilder()
                  .field("transactionId", DataType.STRING)
                  .field("revenue", DataType.DOUBLE)
                  .field("currency", DataType.STRING)
                  .field("paymentMethod", DataType.STRING)
                  .build())
          .build();

  private SnowplowEvents() {}

  /**
   * @throws IllegalArgumentException when the record is not a collector event (no {@code event_id})
   */
  static Map<String, Object> typed(Object raw) {
    if (!(raw instanceof Map<?, ?> record) || !(record.get("event_id") instanceof String id)) {
      throw new IllegalArgumentException(
          "not a Snowplow collector record (no `event_id`): " + abbreviate(String.valueOf(raw)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("eventId", id);
    out.put("eventType", text(record.get("event")));
    out.put("appId", text(record.get("app_id")));
    out.put("platform", text(record.get("platform")));
    String duid = text(record.get("domain_userid"));
    String uid = text(record.get("user_id"));
    String nuid = text(record.get("network_userid"));
    out.put("domainUserId", duid);
    out.put("userId", uid);
    out.put("networkUserId", nuid);
    out.put("shopperId", firstNonEmpty(duid, uid, nuid));
    out.put("pageUrl", text(record.get("page_url")));
    Instant collector = instant(record.get("collector_tstamp"));
    Instant created = instant(record.get("dvce_created_tstamp"));
    Instant sent = instant(record.get("dvce_sent_tstamp"));
    Instant derived = derivedTstamp(collector, created, sent, instant(record.get("true_tstamp")));
    out.put("collectorTstamp", collector);
    out.put("dvceCreatedTstamp", created);
    out.put("dvceSentTstamp", sent);
    out.put("derivedTstamp", derived);
    out.put("eventTime", derived);

    String schema = null;
    String action = null;
    if (record.get("unstruct_event") instanceof Map<?, ?> ue
        && ue.get("data") instanceof Map<?, ?> sd) {
      schema = text(sd.get("schema"));
      if (schema != null
          && schema.startsWith(ECOMMERCE_VENDOR + "snowplow_ecommerce_action/")
          && sd.get("data") instanceof Map<?, ?> data) {
        action = text(data.get("type"));
      }
    }
    out.put("schema", schema);
    out.put("ecommerceAction", action);

    List<Map<String, Object>> products = new ArrayList<>();
    Map<String, Object> cart = null;
    Map<String, Object> transaction = null;
    if (record.get("contexts") instanceof Map<?, ?> contexts
        && contexts.get("data") instanceof List<?> entities) {
      for (Object e : entities) {
        if (!(e instanceof Map<?, ?> entity) || !(entity.get("data") instanceof Map<?, ?> d)) {
          continue;
        }
        String entitySchema = String.valueOf(entity.get("schema"));
        if (entitySchema.startsWith(ECOMMERCE_VENDOR + "product/")) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("id", text(d.get("id")));
          p.put("name", text(d.get("name")));
          p.put("category", text(d.get("category")));
          p.put("price", number(d.get("price")));
          p.put("currency", text(d.get("currency")));
          products.add(p);
        } else if (entitySchema.startsWith(ECOMMERCE_VENDOR + "cart/")) {
          cart = new LinkedHashMap<>();
          cart.put("cartId", text(d.get("cart_id")));
          cart.put("totalValue", number(d.get("total_value")));
          cart.put("currency", text(d.get("currency")));
        } else if (entitySchema.startsWith(ECOMMERCE_VENDOR + "transaction/")) {
          transaction = new LinkedHashMap<>();
          transaction.put("transactionId", text(d.get("transaction_id")));
          transaction.put("revenue", number(d.get("revenue")));
          transaction.put("currency", text(d.get("currency")));
          transaction.put("paymentMethod", text(d.get("payment_method")));
        }
      }
    }
    out.put("product", products.isEmpty() ? null : products.get(0));
    out.put("products", products);
    out.put("cart", cart);
    out.put("transaction", transaction);
    return out;
  }

  /**
   * Snowplow's {@code derived_tstamp}: the collector's time corrected by how long the event waited
   * on the device, {@code collector_tstamp - (dvce_sent_tstamp - dvce_created_tstamp)}, so a wrong
   * device clock does not move the event (only the device's own elapsed time is trusted). As in
   * Snowplow's enrich: a {@code true_tstamp} wins; without both device times, or when the device
   * says it sent the event before creating it, the collector's time.
   */
  static Instant derivedTstamp(Instant collector, Instant created, Instant sent, Instant trueTime) {
    if (trueTime != null) {
      return trueTime;
    }
    if (collector != null && created != null && sent != null && created.isBefore(sent)) {
      return collector.minus(java.time.Duration.between(created, sent));
    }
    return collector;
  }

  private static String text(Object v) {
    return v == null ? null : String.valueOf(v);
  }

  private static Double number(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Instant instant(Object v) {
    if (v == null) {
      return null;
    }
    try {
      return Instant.ofEpochMilli(EventTime.toEpochMillis(v, "timestamp"));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty() && !"00000000-0000-0000-0000-000000000000".equals(v)) {
        return v;
      }
    }
    return null;
  }

  private static String abbreviate(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
