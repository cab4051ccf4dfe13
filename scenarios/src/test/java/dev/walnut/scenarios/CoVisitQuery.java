package dev.walnut.scenarios;

import dev.walnut.api.json.JsonValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The DataSQRL co-visitation query, computed directly from its definition and nothing of Walnut's:
 * for each user, every pair of clicks (b, a) with {@code b.t < a.t} and {@code b.t >= a.t - 10 min}
 * counts once for {@code (b.url, a.url)}; self pairs included.
 *
 * <pre>
 * SELECT b.url AS url, a.url AS recommendation, count(1) AS frequency
 * FROM Clickstream b INNER JOIN Clickstream a ON b.userid = a.userid
 *   AND b.event_time &lt; a.event_time AND b.event_time &gt;= a.event_time - INTERVAL 10 MINUTE
 * GROUP BY b.url, a.url
 * </pre>
 */
final class CoVisitQuery {
  static final Duration WINDOW = Duration.ofMinutes(10);

  /** One click. */
  record Click(String userid, String url, Instant time) {}

  private CoVisitQuery() {}

  /** {@code "url -> recommendation"} → frequency. */
  static Map<String, Long> frequencies(List<Click> clicks) {
    Map<String, List<Click>> byUser = new LinkedHashMap<>();
    for (Click c : clicks) {
      byUser.computeIfAbsent(c.userid(), u -> new ArrayList<>()).add(c);
    }
    Map<String, Long> counts = new HashMap<>();
    for (List<Click> userClicks : byUser.values()) {
      for (Click a : userClicks) {
        Instant from = a.time().minus(WINDOW);
        for (Click b : userClicks) {
          if (b.time().isBefore(a.time()) && !b.time().isBefore(from)) {
            counts.merge(pair(b.url(), a.url()), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  static String pair(Object url, Object recommendation) {
    return url + " -> " + recommendation;
  }

  /** Reads {@code {userid, url, event_time}} JSON lines, plain or gzipped. */
  static List<Click> read(Path jsonLines) throws IOException {
    List<Click> clicks = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                jsonLines.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(jsonLines))
                    : Files.newInputStream(jsonLines),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> click = JsonValues.parseObject(line.getBytes(StandardCharsets.UTF_8));
        clicks.add(
            new Click(
                (String) click.get("userid"),
                (String) click.get("url"),
                Instant.parse((String) click.get("event_time"))));
      }
    }
    return clicks;
  }
}
