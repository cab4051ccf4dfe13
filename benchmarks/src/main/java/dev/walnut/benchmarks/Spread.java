package dev.walnut.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The runs of one system on one metric: the median, which goals are judged on, with the best and
 * worst run beside it (best and worst by the metric's {@link Better}, so for a latency the best is
 * the smallest).
 *
 * @param runs how many runs the figures summarise
 */
public record Spread(double median, double best, double worst, int runs) {

  /**
   * @throws IllegalArgumentException if there are no values
   */
  public static Spread of(List<Double> values, Better better) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("a spread needs at least one run, got none");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    double low = sorted[0];
    double high = sorted[n - 1];
    return better == Better.HIGHER
        ? new Spread(median, high, low, n)
        : new Spread(median, low, high, n);
  }
}
