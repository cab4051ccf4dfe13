package dev.walnut.benchmarks.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the co-visit scenario must end with, computed from the clicks sent and the DataSQRL
 * definition alone (nothing of Walnut's): per user, every pair of clicks {@code (b, a)} with {@code
 * b.t < a.t} and {@code b.t >= a.t - 10 min} counts once for {@code (b.url, a.url)}.
 */
final class CoVisitDefinition {
  static final Duration WINDOW = Duration.ofMinutes(10);

  private CoVisitDefinition() {}

  static Map<String, Long> frequencies(List<ClickTraffic.Click> clicks) {
    Map<String, List<ClickTraffic.Click>> byUser = new HashMap<>();
    for (ClickTraffic.Click c : clicks) {
      byUser.computeIfAbsent(c.user(), u -> new ArrayList<>()).add(c);
    }
    long window = WINDOW.toMillis();
    Map<String, Long> counts = new HashMap<>();
    for (List<ClickTraffic.Click> user : byUser.values()) {
      user.sort(Comparator.comparingLong(ClickTraffic.Click::time));
      for (int i = 0; i < user.size(); i++) {
        ClickTraffic.Click a = user.get(i);
        for (int j = i - 1; j >= 0; j--) {
          ClickTraffic.Click b = user.get(j);
          if (b.time() < a.time() - window) {
            break;
          }
          if (b.time() < a.time()) {
            counts.merge(CoVisitOutput.pair(b.url(), a.url()), 1L, Long::sum);
          }
        }
      }
    }
    return counts;
  }
}
