package dev.walnut.benchmarks.collector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/** The load wrk offers the servers: the pixel request, the POST body and the open-loop pacing. */
final class WrkScripts {
  private WrkScripts() {}

  static String pixelQuery() {
    return "e=pv&p=web&tv=js-4.0.0&aid=bench&eid="
        + UUID.randomUUID()
        + "&duid=d1c2b3a4-0000-4000-8000-000000000001&url=https%3A%2F%2Fshop.example%2Fp%2F42"
        + "&dtm="
        + System.currentTimeMillis()
        + "&cx="
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
                        + "\"data\":[{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/"
                        + "product/jsonschema/1-0-0\",\"data\":{\"id\":\"p-42\",\"price\":4.5,"
                        + "\"currency\":\"EUR\"}}]}")
                    .getBytes(StandardCharsets.UTF_8));
  }

  /**
   * wrk (4.x, LuaJIT) pacing for the open loop: each wrk thread owns a schedule of {@code rate}
   * requests per second (the script argument); a connection that becomes free takes the next slot
   * and waits for it. A slot already more than 1 ms past when a connection takes it is counted as
   * late: the server held every connection, and wrk's latency (measured from the actual send) would
   * hide that wait (coordinated omission), so a run with late requests is not a valid latency
   * figure at that rate.
   */
  static String openLoop() {
    return String.join(
        "\n",
        "local ffi = require(\"ffi\")",
        "ffi.cdef[[",
        "typedef struct { long tv_sec; long tv_nsec; } walnut_timespec;",
        "int clock_gettime(int clock, walnut_timespec *tp);",
        "]]",
        "local ts = ffi.new(\"walnut_timespec\")",
        "local function now_ms()",
        "  ffi.C.clock_gettime(1, ts)",
        "  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6",
        "end",
        "interval = 1",
        "nextSlot = nil",
        "late = 0",
        "lateMax = 0",
        "function init(args)",
        "  interval = 1000 / tonumber(args[1])",
        "end",
        "function delay()",
        "  local now = now_ms()",
        "  if nextSlot == nil then nextSlot = now end",
        "  local slot = nextSlot",
        "  nextSlot = slot + interval",
        "  local d = slot - now",
        "  if d < -1 then",
        "    late = late + 1",
        "    if -d > lateMax then lateMax = -d end",
        "  end",
        "  if d <= 0.5 then return 0 end",
        "  return math.floor(d + 0.5)",
        "end",
        "local threads = {}",
        "function setup(thread)",
        "  table.insert(threads, thread)",
        "end",
        "function done(summary, latency, requests)",
        "  local l, m = 0, 0",
        "  for _, t in ipairs(threads) do",
        "    l = l + t:get(\"late\")",
        "    m = math.max(m, t:get(\"lateMax\"))",
        "  end",
        "  io.write(string.format(\"open-loop late requests: %d, max lateness %.1f ms\\n\", l, m))",
        "end",
        "");
  }

  static String post10() {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i > 0) {
        events.append(',');
      }
      events
          .append("{\"e\":\"pv\",\"p\":\"web\",\"tv\":\"js-4.0.0\",\"aid\":\"bench\",\"eid\":\"")
          .append(UUID.randomUUID())
          .append("\",\"duid\":\"d-")
          .append(i)
          .append("\",\"url\":\"https://shop.example/p/")
          .append(i)
          .append("\",\"dtm\":\"")
          .append(System.currentTimeMillis())
          .append("\"}");
    }
    String body =
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\","
            + "\"data\":["
            + events
            + "]}";
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json; charset=UTF-8\"\n"
        + "wrk.body = [["
        + body
        + "]]\n";
  }
}
