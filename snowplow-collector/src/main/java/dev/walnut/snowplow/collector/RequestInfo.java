package dev.walnut.snowplow.collector;

import java.util.Map;

/**
 * What the collector knows about one HTTP request, copied into every event it carries.
 *
 * @param collectorTstamp when the request arrived, epoch milliseconds
 * @param ip first {@code X-Forwarded-For} address, else the socket's; null for {@code SP-Anonymous}
 * @param networkUserId from {@code nuid}, the cookie, or new; all zeros for {@code SP-Anonymous}
 * @param headers the request's headers without credentials ({@code Cookie}, {@code Authorization},
 *     {@code Proxy-Authorization}), at most {@link CollectorConfig#maxHeaderBytesPerRecord()}
 * @param headersTruncated whether headers were left out to stay within that limit
 */
record RequestInfo(
    long collectorTstamp,
    String path,
    String ip,
    String userAgent,
    String referer,
    String contentType,
    String networkUserId,
    Map<String, String> headers,
    boolean headersTruncated) {

  static final String ANONYMOUS_NUID = "00000000-0000-0000-0000-000000000000";

  private static final JsonBytes.Name TIMESTAMP = new JsonBytes.Name("timestamp");
  private static final JsonBytes.Name IP = new JsonBytes.Name("ip");
  private static final JsonBytes.Name USER_AGENT = new JsonBytes.Name("userAgent");
  private static final JsonBytes.Name REFERER = new JsonBytes.Name("referer");
  private static final JsonBytes.Name PATH = new JsonBytes.Name("path");
  private static final JsonBytes.Name CONTENT_TYPE = new JsonBytes.Name("contentType");
  private static final JsonBytes.Name NETWORK_USER_ID = new JsonBytes.Name("networkUserId");
  private static final JsonBytes.Name HEADERS = new JsonBytes.Name("headers");
  private static final JsonBytes.Name HEADERS_TRUNCATED = new JsonBytes.Name("headersTruncated");

  /**
   * The collector context as UTF-8 JSON, written once per request and embedded as is in each of its
   * events: the same fields as {@link #asCollectorContext()}.
   */
  byte[] collectorContextJson() {
    JsonBytes json = new JsonBytes(512).beginObject();
    json.name(TIMESTAMP).string(Timestamps.iso(collectorTstamp));
    json.name(IP).string(ip);
    json.name(USER_AGENT).string(userAgent);
    json.name(REFERER).string(referer);
    json.name(PATH).string(path);
    json.name(CONTENT_TYPE).string(contentType);
    json.name(NETWORK_USER_ID).string(networkUserId);
    json.name(HEADERS).beginObject();
    headers.forEach((name, value) -> json.name(name).string(value));
    json.endObject();
    if (headersTruncated) {
      json.name(HEADERS_TRUNCATED).bool(true);
    }
    return json.endObject().toByteArray();
  }

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
    if (headersTruncated) {
      m.put("headersTruncated", true);
    }
    return m;
  }
}
