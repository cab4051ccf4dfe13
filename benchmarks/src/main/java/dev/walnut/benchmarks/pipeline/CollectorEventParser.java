package dev.walnut.benchmarks.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * The collector's JSON → {@link View}, keeping what the scenario's filter {@code shopper product
 * events} keeps: e-commerce product views, add-to-cart and purchases with a product entity, and
 * page views of product URLs. Event time is Snowplow's {@code derived_tstamp}, as the {@code
 * snowplow} source computes it. With object reuse on, one {@link View} is filled per record.
 */
final class CollectorEventParser extends RichFlatMapFunction<byte[], View> {
  private static final long serialVersionUID = 1L;
  private static final String ECOMMERCE = "iglu:com.snowplowanalytics.snowplow.ecommerce/";
  private static final Pattern PRODUCT_URL =
      Pattern.compile("^https?://[^/]+/products/([A-Za-z0-9_-]+)([/?#].*)?$");
  private static final String NO_ID = "00000000-0000-0000-0000-000000000000";

  private transient ObjectMapper json;
  private transient View view;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
    json = new ObjectMapper();
    view = new View();
  }

  @Override
  public void flatMap(byte[] value, Collector<View> out) throws Exception {
    JsonNode r = json.readTree(value);
    String eventId = text(r.get("event_id"));
    if (eventId == null) {
      return;
    }
    String duid = text(r.get("domain_userid"));
    String uid = text(r.get("user_id"));
    String shopperId = firstNonEmpty(duid, uid, text(r.get("network_userid")));
    if (shopperId == null) {
      return;
    }
    String action = null;
    JsonNode sd = r.path("unstruct_event").path("data");
    String schema = text(sd.get("schema"));
    if (schema != null && schema.startsWith(ECOMMERCE + "snowplow_ecommerce_action/")) {
      action = text(sd.path("data").get("type"));
    }
    String product = null;
    for (JsonNode entity : r.path("contexts").path("data")) {
      String s = text(entity.get("schema"));
      if (s != null && s.startsWith(ECOMMERCE + "product/")) {
        product = text(entity.path("data").get("id"));
        break;
      }
    }
    if (product != null && action != null) {
      if (!action.equals("product_view")
          && !action.equals("add_to_cart")
          && !action.equals("transaction")) {
        return;
      }
    } else if (product == null && "page_view".equals(text(r.get("event")))) {
      String url = text(r.get("page_url"));
      Matcher m = url == null ? null : PRODUCT_URL.matcher(url);
      if (m == null || !m.matches()) {
        return;
      }
      product = m.group(1);
      action = "product_view";
    } else {
      return;
    }
    long collector = millis(r.get("collector_tstamp"));
    long created = millis(r.get("dvce_created_tstamp"));
    long sent = millis(r.get("dvce_sent_tstamp"));
    long trueTime = millis(r.get("true_tstamp"));
    long derived =
        trueTime != Long.MIN_VALUE
            ? trueTime
            : collector != Long.MIN_VALUE
                    && created != Long.MIN_VALUE
                    && sent != Long.MIN_VALUE
                    && created < sent
                ? collector - (sent - created)
                : collector;
    View v = view;
    v.eventId = eventId;
    v.shopper = uid != null ? "c:" + uid : "a:" + shopperId;
    v.customerId = uid;
    v.handle = "a-" + shopperId;
    v.productId = product;
    v.action = action;
    v.collectorMillis = collector;
    v.eventMillis = derived;
    out.collect(v);
  }

  private static long millis(JsonNode n) {
    if (n == null || n.isNull()) {
      return Long.MIN_VALUE;
    }
    if (n.isNumber()) {
      return n.asLong();
    }
    try {
      return Instant.parse(n.asText()).toEpochMilli();
    } catch (RuntimeException e) {
      return Long.MIN_VALUE;
    }
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
  }

  private static String firstNonEmpty(String... values) {
    for (String v : values) {
      if (v != null && !v.isEmpty() && !NO_ID.equals(v)) {
        return v;
      }
    }
    return null;
  }
}
