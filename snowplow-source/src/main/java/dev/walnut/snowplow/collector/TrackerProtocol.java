package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Snowplow tracker protocol: tracker parameters (a GET query or one element of a tp2 POST body)
 * → the collector's event record, or a bad row saying what is wrong. The record holds the canonical
 * Snowplow fields ({@code event_id}, {@code event}, {@code unstruct_event}, {@code contexts}, ...)
 * with the self-describing event and entities decoded, every tracker parameter under {@code
 * parameters} and the collector context under {@code collector}.
 */
final class TrackerProtocol {
  static final String PAYLOAD_DATA_PREFIX =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-";
  static final String UNSTRUCT_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0";
  static final String CONTEXTS_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0";

  private static final Map<String, String> EVENT_TYPES =
      Map.of(
          "pv", "page_view",
          "pp", "page_ping",
          "ue", "unstruct",
          "se", "struct",
          "tr", "transaction",
          "ti", "transaction_item",
          "ad", "ad_impression");

  /** Tracker parameter → canonical field, copied as text. */
  private static final String[][] TEXT_FIELDS = {
    {"aid", "app_id"},
    {"p", "platform"},
    {"tna", "name_tracker"},
    {"tv", "v_tracker"},
    {"duid", "domain_userid"},
    {"uid", "user_id"},
    {"sid", "domain_sessionid"},
    {"vid", "domain_sessionidx"},
    {"url", "page_url"},
    {"page", "page_title"},
    {"refr", "page_referrer"},
    {"lang", "br_lang"},
    {"res", "dvce_screenres"},
    {"tz", "os_timezone"},
    {"se_ca", "se_category"},
    {"se_ac", "se_action"},
    {"se_la", "se_label"},
    {"se_pr", "se_property"},
    {"se_va", "se_value"},
    {"tr_id", "tr_orderid"},
    {"tr_tt", "tr_total"},
    {"tr_cu", "tr_currency"},
    {"ti_id", "ti_orderid"},
    {"ti_sk", "ti_sku"},
    {"ti_nm", "ti_name"},
    {"ti_pr", "ti_price"},
    {"ti_qu", "ti_quantity"},
  };

  private final ObjectMapper mapper;

  TrackerProtocol(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The events of a tp2 POST body; a body that is not a tp2 payload is one bad row. */
  List<Outcome> fromPostBody(byte[] body, RequestInfo req) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (Exception e) {
      return List.of(
          BadRows.adapterFailure(
              req, "body", "body is not JSON: " + firstLine(e.getMessage()), body));
    }
    if (root == null || !root.isObject()) {
      return List.of(
          BadRows.adapterFailure(
              req, "body", "body must be a JSON object with `schema` and `data`", body));
    }
    JsonNode schema = root.get("schema");
    if (schema == null || !schema.isTextual() || !schema.asText().startsWith(PAYLOAD_DATA_PREFIX)) {
      return List.of(
          BadRows.adapterFailure(
              req, "schema", "`schema` must be " + PAYLOAD_DATA_PREFIX + "*, got " + schema, body));
    }
    JsonNode data = root.get("data");
    if (data == null || !data.isArray() || data.isEmpty()) {
      return List.of(
          BadRows.adapterFailure(req, "data", "`data` must be a non-empty array of events", body));
    }
    List<Outcome> out = new ArrayList<>(data.size());
    RawValue context = req.collectorContextJson();
    for (JsonNode element : data) {
      if (!element.isObject()) {
        out.add(
            BadRows.protocolViolation(
                req, "data[]", "each event must be a JSON object", element.toString()));
        continue;
      }
      Map<String, String> params = new LinkedHashMap<>();
      String problem = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = element.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        JsonNode v = f.getValue();
        if (v.isValueNode() && !v.isNull()) {
          params.put(f.getKey(), v.asText());
        } else if (!v.isNull()) {
          problem = "parameter `" + f.getKey() + "` must be a string, got " + v.getNodeType();
        }
      }
      out.add(
          problem == null
              ? event(params, req, context)
              : BadRows.protocolViolation(req, "data[]", problem, element.toString()));
    }
    return out;
  }

  /** One event from tracker parameters, or a bad row for it. */
  Outcome event(Map<String, String> params, RequestInfo req) {
    return event(params, req, req.collectorContextJson());
  }

  private Outcome event(Map<String, String> params, RequestInfo req, RawValue context) {
    String e = params.get("e");
    String missing =
        e == null || e.isEmpty()
            ? "e"
            : isBlank(params.get("p")) ? "p" : isBlank(params.get("tv")) ? "tv" : null;
    if (missing != null) {
      return BadRows.protocolViolation(
          req, missing, "required tracker parameter `" + missing + "` is missing", raw(params));
    }
    String eventType = EVENT_TYPES.get(e);
    if (eventType == null) {
      return BadRows.protocolViolation(
          req,
          "e",
          "unknown event type `" + e + "`; expected one of " + EVENT_TYPES.keySet(),
          raw(params));
    }
    Object unstruct;
    Object contexts;
    try {
      unstruct = selfDescribing(params, "ue_pr", "ue_px", false);
      contexts = selfDescribing(params, "co", "cx", true);
    } catch (IllegalArgumentException ex) {
      return BadRows.protocolViolation(req, "ue_px/cx", ex.getMessage(), raw(params));
    }
    if ("unstruct".equals(eventType) && unstruct == null) {
      return BadRows.protocolViolation(
          req, "ue_pr", "a self-describing event (e=ue) needs `ue_pr` or `ue_px`", raw(params));
    }

    Map<String, Object> record = new LinkedHashMap<>(48);
    String eventId = params.get("eid");
    record.put("event_id", isBlank(eventId) ? Ids.randomUuid() : eventId);
    record.put("event", eventType);
    for (String[] f : TEXT_FIELDS) {
      String v = params.get(f[0]);
      if (v != null) {
        record.put(f[1], v);
      }
    }
    record.putIfAbsent("app_id", null);
    record.putIfAbsent("domain_userid", null);
    record.putIfAbsent("user_id", null);
    record.putIfAbsent("page_url", null);
    String nuid = params.get("tnuid");
    record.put("network_userid", isBlank(nuid) ? req.networkUserId() : nuid);
    record.put("collector_tstamp", Timestamps.iso(req.collectorTstamp()));
    record.put("dvce_created_tstamp", Timestamps.fromTrackerMillis(params.get("dtm")));
    record.put("dvce_sent_tstamp", Timestamps.fromTrackerMillis(params.get("stm")));
    record.put("true_tstamp", Timestamps.fromTrackerMillis(params.get("ttm")));
    record.put("user_ipaddress", req.ip());
    String ua = params.get("ua");
    record.put("useragent", ua != null ? ua : req.userAgent());
    record.put("unstruct_event", unstruct);
    record.put("contexts", contexts);
    Map<String, String> rest = new LinkedHashMap<>(params);
    rest.remove("ue_px");
    rest.remove("ue_pr");
    rest.remove("cx");
    rest.remove("co");
    record.put("parameters", rest);
    record.put("collector", context);

    return new Outcome(
        true,
        key(record, req),
        record,
        () -> {
          Map<String, Object> debug = new LinkedHashMap<>();
          debug.put("eventType", eventType);
          debug.put("schema", innerSchema(unstruct));
          debug.put("contexts", contextSchemas(contexts));
          debug.put("event", record);
          return debug;
        });
  }

  /** {@code duid} → {@code uid} → a non-zero network user id → random: a shopper's order. */
  private static String key(Map<String, Object> record, RequestInfo req) {
    for (String field : new String[] {"domain_userid", "user_id"}) {
      Object v = record.get(field);
      if (v instanceof String s && !s.isEmpty()) {
        return s;
      }
    }
    Object nuid = record.get("network_userid");
    if (nuid instanceof String s && !s.isEmpty() && !RequestInfo.ANONYMOUS_NUID.equals(s)) {
      return s;
    }
    return Ids.randomUuid();
  }

  private Object selfDescribing(
      Map<String, String> params, String plainField, String encodedField, boolean list) {
    String plain = params.get(plainField);
    String encoded = params.get(encodedField);
    String json;
    String field;
    if (!isBlank(encoded)) {
      json = Base64Values.decode(encodedField, encoded);
      field = encodedField;
    } else if (!isBlank(plain)) {
      json = plain;
      field = plainField;
    } else {
      return null;
    }
    Object parsed;
    try {
      parsed = mapper.readValue(json, Object.class);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not JSON: " + firstLine(ex.getOriginalMessage()), ex);
    }
    if (!(parsed instanceof Map<?, ?> node) || !(node.get("schema") instanceof String)) {
      throw new IllegalArgumentException(
          "field `" + field + "` must be a self-describing JSON with `schema` and `data`");
    }
    Object data = node.get("data");
    if (list) {
      if (!(data instanceof List<?> entities)) {
        throw new IllegalArgumentException("field `" + field + "`: `data` must be a list");
      }
      for (Object entity : entities) {
        if (!(entity instanceof Map<?, ?> e) || !(e.get("schema") instanceof String)) {
          throw new IllegalArgumentException(
              "field `" + field + "`: every entity needs a `schema` and `data`");
        }
      }
    } else if (!(data instanceof Map<?, ?> inner) || !(inner.get("schema") instanceof String)) {
      throw new IllegalArgumentException(
          "field `" + field + "`: `data` must be the event's self-describing JSON");
    }
    return parsed;
  }

  private static Object innerSchema(Object unstruct) {
    if (unstruct instanceof Map<?, ?> outer && outer.get("data") instanceof Map<?, ?> inner) {
      return inner.get("schema");
    }
    return null;
  }

  private static List<Object> contextSchemas(Object contexts) {
    List<Object> schemas = new ArrayList<>();
    if (contexts instanceof Map<?, ?> m && m.get("data") instanceof List<?> list) {
      for (Object entity : list) {
        if (entity instanceof Map<?, ?> e) {
          schemas.add(e.get("schema"));
        }
      }
    }
    return schemas;
  }

  private String raw(Map<String, String> params) {
    try {
      return mapper.writeValueAsString(params);
    } catch (JsonProcessingException e) {
      return params.toString();
    }
  }

  static String rawText(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static String firstLine(String s) {
    if (s == null) {
      return "unparseable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
