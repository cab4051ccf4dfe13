package dev.walnut.serving;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client: {@code perSecond} requests a second on average, bursts up to {@code
 * burst}. The clock is injected, so tests need not wait.
 */
final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, double[]> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, int burst, LongSupplier nanoClock) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException(
          "the rate limit needs a positive rate and a burst of at least 1, got "
              + perSecond
              + "/s, burst "
              + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.nanoClock = nanoClock;
  }

  /** Whether {@code client} may make a request now (taking a token if so). */
  boolean tryAcquire(String client) {
    long now = nanoClock.getAsLong();
    // {tokens, last refill in nanos}; computed under the map's per-key lock
    double[] state =
        buckets.compute(
            client,
            (k, s) -> {
              if (s == null) {
                return new double[] {burst - 1, now, 1};
              }
              double tokens = Math.min(burst, s[0] + (now - (long) s[1]) / 1e9 * perSecond);
              boolean ok = tokens >= 1;
              return new double[] {ok ? tokens - 1 : tokens, now, ok ? 1 : 0};
            });
    if (buckets.size() > 100_000) {
      // clients come and go: forget idle ones rather than grow without bound
      buckets.entrySet().removeIf(e -> now - (long) e.getValue()[1] > 60_000_000_000L);
    }
    return state[2] == 1;
  }
}
