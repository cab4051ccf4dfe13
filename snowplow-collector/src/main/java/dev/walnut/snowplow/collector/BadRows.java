package dev.walnut.snowplow.collector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Snowplow bad rows ({@code iglu:com.snowplowanalytics.snowplow.badrows/...}): the reason and the
 * raw payload, truncated when huge, so nothing the collector refuses is lost without a trace.
 */
final class BadRows {
  static final String SIZE_VIOLATION =
      "iglu:com.snowplowanalytics.snowplow.badrows/size_violation/jsonschema/1-0-0";
  static final String ADAPTER_FAILURES =
      "iglu:com.snowplowanalytics.snowplow.badrows/adapter_failures/jsonschema/1-0-0";
  static final String TRACKER_PROTOCOL_VIOLATIONS =
      "iglu:com.snowplowanalytics.snowplow.badrows/tracker_protocol_violations/jsonschema/1-0-0";

  /** Raw payloads longer than this are cut, and the bad row says so. */
  static final int MAX_PAYLOAD_CHARS = 10_000;

  private static final Map<String, Object> PROCESSOR =
      Map.of("artifact", "walnut-collector", "version", "0.1.0");

  private static final ObjectMapper JSON = new ObjectMapper();

  private BadRows() {}

  static Outcome sizeViolation(RequestInfo req, int maximum, int actual, byte[] raw) {
    return sizeViolation(
        req,
        maximum,
        actual,
        "request of " + actual + " bytes is above the collector's limit of " + maximum + " bytes",
        raw);
  }

  /**
   * A request with more events than {@link CollectorConfig#maxEventsPerRequest()}: refused as a
   * whole, before any of its records is built (each record carries the request's context, so a 1
   * MiB body of tiny events would otherwise become gigabytes of records).
   */
  static Outcome tooManyEvents(RequestInfo req, int maxEvents, int events, byte[] body) {
    return sizeViolation(
        req,
        body.length,
        body.length,
        "request has "
            + events
            + " events, above the collector's limit of "
            + maxEvents
            + " events per request (maxEventsPerRequest)",
        body);
  }

  /**
   * One record that Kafka would refuse on every retry ({@code max.request.size}): a bad row
   * instead, with the record's JSON (cut) as payload, so the tracker is not answered 503 forever.
   */
  static Outcome recordTooLarge(RequestInfo req, int maximum, int actual, byte[] record) {
    return sizeViolation(
        req,
        maximum,
        actual,
        "event of "
            + actual
            + " bytes once encoded is above Kafka's max.request.size of "
            + maximum
            + " bytes",
        record);
  }

  private static Outcome sizeViolation(
      RequestInfo req, int maximum, int actual, String reason, byte[] raw) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("timestamp", Timestamps.iso(req.collectorTstamp()));
    failure.put("maximumAllowedSizeBytes", maximum);
    failure.put("actualSizeBytes", actual);
    failure.put("expectation", reason);
    return row(SIZE_VIOLATION, reason, failure, req, raw);
  }

  /** The request as a whole could not be read as a tracker payload. */
  static Outcome adapterFailure(RequestInfo req, String field, String reason, byte[] raw) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("timestamp", Timestamps.iso(req.collectorTstamp()));
    failure.put("vendor", "com.snowplowanalytics.snowplow");
    failure.put("version", "tp2");
    failure.put("messages", List.of(Map.of("field", field, "expectation", reason)));
    return row(ADAPTER_FAILURES, reason, failure, req, raw);
  }

  /** One event of a request broke the tracker protocol; the others may still be good. */
  static Outcome protocolViolation(RequestInfo req, String field, String reason, String raw) {
    Map<String, Object> failure = new LinkedHashMap<>();
    failure.put("timestamp", Timestamps.iso(req.collectorTstamp()));
    failure.put("vendor", "com.snowplowanalytics.snowplow");
    failure.put("version", "tp2");
    failure.put("messages", List.of(Map.of("field", field, "expectation", reason)));
    return row(
        TRACKER_PROTOCOL_VIOLATIONS,
        reason,
        failure,
        req,
        raw == null ? new byte[0] : raw.getBytes(StandardCharsets.UTF_8));
  }

  private static Outcome row(
      String schema, String reason, Map<String, Object> failure, RequestInfo req, byte[] raw) {
    String decoded = new String(raw, 0, Math.min(raw.length, MAX_PAYLOAD_CHARS * 4), UTF8);
    boolean truncated = decoded.length() > MAX_PAYLOAD_CHARS || raw.length > MAX_PAYLOAD_CHARS * 4;
    String text =
        decoded.length() > MAX_PAYLOAD_CHARS ? decoded.substring(0, MAX_PAYLOAD_CHARS) : decoded;
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("raw", text);
    payload.put("truncated", truncated);
    payload.put("sizeBytes", raw.length);
    payload.put("collector", req.asCollectorContext());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("processor", PROCESSOR);
    data.put("failure", failure);
    data.put("reason", reason);
    data.put("payload", payload);
    Map<String, Object> badRow = new LinkedHashMap<>();
    badRow.put("schema", schema);
    badRow.put("data", data);
    byte[] value;
    try {
      value = JSON.writeValueAsBytes(badRow);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise a bad row", e);
    }
    return new Outcome(
        false,
        null,
        value,
        () -> {
          Map<String, Object> debug = new LinkedHashMap<>();
          debug.put("reason", reason);
          debug.put("schema", schema);
          debug.put("payload", text);
          debug.put("truncated", truncated);
          return debug;
        });
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}
