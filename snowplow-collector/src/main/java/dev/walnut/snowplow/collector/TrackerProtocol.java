package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

  /** A tracker parameter copied as text into a canonical field. */
  private record TextField(String parameter, JsonBytes.Name name) {
    TextField(String parameter, String name) {
      this(parameter, new JsonBytes.Name(name));
    }
  }

  /** Tracker parameter → canonical field, copied as text, in the record's order. */
  private static final List<TextField> TEXT_FIELDS =
      List.of(
          new TextField("aid", "app_id"),
          new TextField("p", "platform"),
          new TextField("tna", "name_tracker"),
          new TextField("tv", "v_tracker"),
          new TextField("duid", "domain_userid"),
          new TextField("uid", "user_id"),
          new TextField("sid", "domain_sessionid"),
          new TextField("vid", "domain_sessionidx"),
          new TextField("url", "page_url"),
          new TextField("page", "page_title"),
          new TextField("refr", "page_referrer"),
          new TextField("lang", "br_lang"),
          new TextField("res", "dvce_screenres"),
          new TextField("tz", "os_timezone"),
          new TextField("se_ca", "se_category"),
          new TextField("se_ac", "se_action"),
          new TextField("se_la", "se_label"),
          new TextField("se_pr", "se_property"),
          new TextField("se_va", "se_value"),
          new TextField("tr_id", "tr_orderid"),
          new TextField("tr_tt", "tr_total"),
          new TextField("tr_cu", "tr_currency"),
          new TextField("ti_id", "ti_orderid"),
          new TextField("ti_sk", "ti_sku"),
          new TextField("ti_nm", "ti_name"),
          new TextField("ti_pr", "ti_price"),
          new TextField("ti_qu", "ti_quantity"));

  /** Canonical fields written as null when the tracker did not send them. */
  private static final List<TextField> ALWAYS_PRESENT =
      List.of(
          new TextField("aid", "app_id"),
          new TextField("duid", "domain_userid"),
          new TextField("uid", "user_id"),
          new TextField("url", "page_url"));

  private static final JsonBytes.Name EVENT_ID = new JsonBytes.Name("event_id");
  private static final JsonBytes.Name EVENT = new JsonBytes.Name("event");
  private static final JsonBytes.Name NETWORK_USERID = new JsonBytes.Name("network_userid");
  private static final JsonBytes.Name COLLECTOR_TSTAMP = new JsonBytes.Name("collector_tstamp");
  private static final JsonBytes.Name DVCE_CREATED_TSTAMP =
      new JsonBytes.Name("dvce_created_tstamp");
  private static final JsonBytes.Name DVCE_SENT_TSTAMP = new JsonBytes.Name("dvce_sent_tstamp");
  private static final JsonBytes.Name TRUE_TSTAMP = new JsonBytes.Name("true_tstamp");
  private static final JsonBytes.Name USER_IPADDRESS = new JsonBytes.Name("user_ipaddress");
  private static final JsonBytes.Name USERAGENT = new JsonBytes.Name("useragent");
  private static final JsonBytes.Name UNSTRUCT_EVENT = new JsonBytes.Name("unstruct_event");
  private static final JsonBytes.Name CONTEXTS = new JsonBytes.Name("contexts");
  private static final JsonBytes.Name PARAMETERS = new JsonBytes.Name("parameters");
  private static final JsonBytes.Name COLLECTOR = new JsonBytes.Name("collector");

  /** One output buffer per HTTP I/O thread; each record is copied out of it. */
  private static final ThreadLocal<JsonBytes> WRITER =
      ThreadLocal.withInitial(() -> new JsonBytes(4096));

  private final ObjectMapper mapper;

  TrackerProtocol(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /**
   * The records a request will produce, counted before any is built: the collector reserves room
   * for {@code count} records first, and builds them ({@code build}) only once it has it.
   */
  record Batch(int count, Supplier<List<Outcome>> build) {
    static Batch of(Outcome outcome) {
      return new Batch(1, () -> List.of(outcome));
    }
  }

  /**
   * The events of a tp2 POST body; a body that is not a tp2 payload, or that has more than {@code
   * maxEvents} events, is one bad row.
   */
  Batch fromPostBody(byte[] body, RequestInfo req, int maxEvents) {
    PostBody parsed;
    try {
      parsed = PostBody.read(mapper, body, maxEvents);
    } catch (IOException e) {
      return Batch.of(
          BadRows.adapterFailure(
              req, "body", "body is not JSON: " + firstLine(e.getMessage()), body));
    }
    if (!parsed.isObject()) {
      return Batch.of(
          BadRows.adapterFailure(
              req, "body", "body must be a JSON object with `schema` and `data`", body));
    }
    String schema = parsed.schema();
    if (schema == null || !schema.startsWith(PAYLOAD_DATA_PREFIX)) {
      return Batch.of(
          BadRows.adapterFailure(
              req,
              "schema",
              "`schema` must be " + PAYLOAD_DATA_PREFIX + "*, got " + parsed.schemaAsJson(),
              body));
    }
    if (parsed.events() == null || parsed.eventCount() == 0) {
      return Batch.of(
          BadRows.adapterFailure(req, "data", "`data` must be a non-empty array of events", body));
    }
    if (parsed.eventCount() > maxEvents) {
      return Batch.of(BadRows.tooManyEvents(req, maxEvents, parsed.eventCount(), body));
    }
    List<PostBody.Event> events = parsed.events();
    return new Batch(
        events.size(),
        () -> {
          List<Outcome> out = new ArrayList<>(events.size());
          byte[] context = req.collectorContextJson();
          for (PostBody.Event element : events) {
            out.add(
                element.problem() == null
                    ? event(element.params(), req, context)
                    : BadRows.protocolViolation(req, "data[]", element.problem(), element.raw()));
          }
          return out;
        });
  }

  /** One event from tracker parameters, or a bad row for it. */
  Outcome event(Map<String, String> params, RequestInfo req) {
    return event(params, req, req.collectorContextJson());
  }

  private Outcome event(Map<String, String> params, RequestInfo req, byte[] context) {
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
    byte[] unstruct;
    byte[] contexts;
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
    String tnuid = params.get("tnuid");
    String networkUserId = isBlank(tnuid) ? req.networkUserId() : tnuid;
    byte[] value = record(params, req, eventType, networkUserId, unstruct, contexts, context);
    return new Outcome(
        true,
        key(params, networkUserId),
        value,
        () -> {
          Map<String, Object> record = readMap(value);
          Map<String, Object> debug = new LinkedHashMap<>();
          debug.put("eventType", eventType);
          debug.put("schema", innerSchema(record.get("unstruct_event")));
          debug.put("contexts", contextSchemas(record.get("contexts")));
          debug.put("event", record);
          return debug;
        });
  }

  /**
   * The record's JSON, written field by field in a fixed order: the canonical fields, then every
   * tracker parameter as sent (minus the encoded event and entities, which appear decoded), then
   * the collector context.
   */
  private static byte[] record(
      Map<String, String> params,
      RequestInfo req,
      String eventType,
      String networkUserId,
      byte[] unstruct,
      byte[] contexts,
      byte[] context) {
    JsonBytes json = WRITER.get().reset().beginObject();
    String eventId = params.get("eid");
    json.name(EVENT_ID).string(isBlank(eventId) ? Ids.randomUuid() : eventId);
    json.name(EVENT).string(eventType);
    for (TextField f : TEXT_FIELDS) {
      String v = params.get(f.parameter());
      if (v != null) {
        json.name(f.name()).string(v);
      }
    }
    for (TextField f : ALWAYS_PRESENT) {
      if (!params.containsKey(f.parameter())) {
        json.name(f.name()).nullValue();
      }
    }
    json.name(NETWORK_USERID).string(networkUserId);
    json.name(COLLECTOR_TSTAMP).string(Timestamps.iso(req.collectorTstamp()));
    json.name(DVCE_CREATED_TSTAMP).string(Timestamps.fromTrackerMillis(params.get("dtm")));
    json.name(DVCE_SENT_TSTAMP).string(Timestamps.fromTrackerMillis(params.get("stm")));
    json.name(TRUE_TSTAMP).string(Timestamps.fromTrackerMillis(params.get("ttm")));
    json.name(USER_IPADDRESS).string(req.ip());
    String ua = params.get("ua");
    json.name(USERAGENT).string(ua != null ? ua : req.userAgent());
    json.name(UNSTRUCT_EVENT);
    if (unstruct == null) {
      json.nullValue();
    } else {
      json.rawValue(unstruct);
    }
    json.name(CONTEXTS);
    if (contexts == null) {
      json.nullValue();
    } else {
      json.rawValue(contexts);
    }
    json.name(PARAMETERS).beginObject();
    for (Map.Entry<String, String> p : params.entrySet()) {
      switch (p.getKey()) {
        case "ue_px", "ue_pr", "cx", "co" -> {}
        default -> json.name(p.getKey()).string(p.getValue());
      }
    }
    json.endObject();
    json.name(COLLECTOR).rawValue(context);
    byte[] value = json.endObject().toByteArray();
    if (json.length() > 64 * 1024) {
      WRITER.remove(); // do not keep a huge buffer per thread
    }
    return value;
  }

  private static final List<String> SHOPPER_IDS = List.of("duid", "uid");

  /** {@code duid} → {@code uid} → a non-zero network user id → random: a shopper's order. */
  private static String key(Map<String, String> params, String networkUserId) {
    for (String field : SHOPPER_IDS) {
      String v = params.get(field);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    if (networkUserId != null
        && !networkUserId.isEmpty()
        && !RequestInfo.ANONYMOUS_NUID.equals(networkUserId)) {
      return networkUserId;
    }
    return Ids.randomUuid();
  }

  /** The self-describing JSON of {@code encodedField} (base64) or {@code plainField}, checked. */
  private byte[] selfDescribing(
      Map<String, String> params, String plainField, String encodedField, boolean list) {
    String plain = params.get(plainField);
    String encoded = params.get(encodedField);
    byte[] json;
    String field;
    if (!isBlank(encoded)) {
      json = Base64Values.decodeUtf8(encodedField, encoded);
      field = encodedField;
    } else if (!isBlank(plain)) {
      json = plain.getBytes(StandardCharsets.UTF_8);
      field = plainField;
    } else {
      return null;
    }
    try {
      return SelfDescribingJson.check(mapper.getFactory(), json, list);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not JSON: " + firstLine(ex.getOriginalMessage()), ex);
    } catch (IOException ex) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not JSON: " + firstLine(ex.getMessage()), ex);
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("field `" + field + "`" + ex.getMessage(), ex);
    }
  }

  private Map<String, Object> readMap(byte[] json) {
    try {
      return mapper.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (IOException e) {
      throw new IllegalStateException("the collector wrote a record it cannot read back", e);
    }
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
