package dev.walnut.snowplow.collector;

import java.util.Map;

/**
 * What the collector knows about one HTTP request, copied into every event it carries.
 *
 * @param collectorTstamp when the request arrived, epoch milliseconds
 * @param ip first {@code X-Forwarded-For} address, else the socket's; null for {@code SP-Anonymous}
 * @param networkUserId from {@code nuid}, the cookie, or new; all zeros for {@code SP-Anonymous}
 */
record RequestInfo(
    long collectorTstamp,
    String path,
    String ip,
    String userAgent,
    String referer,
    String contentType,
    String networkUserId,
    Map<String, String> headers) {

  static final String ANONYMOUS_NUID = "00000000-0000-0000-0000-000000000000";

  /**
   * The collector context, serialised once per request and embedded as is in each of its events (a
   * {@link com.fasterxml.jackson.core.io.SerializedString} keeps its UTF-8 bytes, so a batch of
   * events encodes it once).
   */
  com.fasterxml.jackson.databind.util.RawValue collectorContextJson() {
    try {
      return new com.fasterxml.jackson.databind.util.RawValue(
          new com.fasterxml.jackson.core.io.SerializedString(
              JSON.writeValueAsString(asCollectorContext())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not serialise the collector context", e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  Map<String, Object> asCollectorContext() {
    java.util.LinkedHashMap<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("timestamp", Timestamps.iso(collectorTstamp));
    m.put("ip", ip);
    m.put("userAgent", userAgent);
    m.put("referer", referer);
    m.put("path", path);
    m.put("contentType", contentType);
    m.put("networkUserId", networkUserId);
    m.put("headers", headers);
    return m;
  }
}
