package dev.walnut.benchmarks;

import java.time.Duration;

/** The checks both benchmarks' builders apply to their options; messages say what to pass. */
public final class BenchOptions {
  private BenchOptions() {}

  /** A count of at least one, e.g. {@code runs}. */
  public static long atLeastOne(String option, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, got " + value);
    }
    return value;
  }

  /** A positive checkpoint interval. */
  public static Duration checkpointInterval(Duration interval) {
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "checkpoint interval must be a positive duration, e.g. PT10S, got " + interval);
    }
    return interval;
  }
}
