package dev.walnut.benchmarks.covisit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DataSQRL definition computed directly, as the benchmark's third opinion: per user, every pair
 * of clicks {@code (b, a)} with {@code b.t < a.t} and {@code b.t >= a.t - window} counts once for
 * {@code (b.url, a.url)}.
 */
final class CoVisitCounts {
  private CoVisitCounts() {}

  static Map<UrlPair, Long> of(List<Click> clicks, Duration window) {
    long w = window.toMillis();
    Map<String, List<Click>> byUser = new LinkedHashMap<>();
    for (Click c : clicks) {
      byUser.computeIfAbsent(c.userid(), u -> new ArrayList<>()).add(c);
    }
    Map<UrlPair, Long> counts = new HashMap<>();
    for (List<Click> user : byUser.values()) {
      for (Click a : user) {
        for (Click b : user) {
          if (b.epochMillis() < a.epochMillis() && b.epochMillis() >= a.epochMillis() - w) {
            counts.merge(new UrlPair(b.url(), a.url()), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }

  /** The counts of {@code copies} renamed copies: each pair {@code copies} times as often. */
  static Map<UrlPair, Long> times(Map<UrlPair, Long> counts, int copies) {
    Map<UrlPair, Long> scaled = new HashMap<>();
    counts.forEach((k, v) -> scaled.put(k, v * copies));
    return scaled;
  }

  static long total(Map<UrlPair, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}
