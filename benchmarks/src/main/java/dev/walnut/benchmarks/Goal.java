package dev.walnut.benchmarks;

import java.util.Locale;

/**
 * A benchmark's goal on one row of a {@link ResultTable}: a threshold on Walnut's figure or on the
 * ratio Walnut ÷ reference, judged on the median of the runs. A correctness goal (nothing lost,
 * never throttled) is judged on every run instead: a median would let one bad run pass.
 */
public final class Goal {
  enum Subject {
    WALNUT,
    RATIO
  }

  enum Comparison {
    AT_LEAST("≥"),
    AT_MOST("≤"),
    BELOW("<");

    final String symbol;

    Comparison(String symbol) {
      this.symbol = symbol;
    }

    boolean holds(double value, double threshold) {
      return switch (this) {
        case AT_LEAST -> value >= threshold;
        case AT_MOST -> value <= threshold;
        case BELOW -> value < threshold;
      };
    }
  }

  private final Subject subject;
  private final Comparison comparison;
  private final double threshold;
  private final boolean everyRun;

  private Goal(Subject subject, Comparison comparison, double threshold, boolean everyRun) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException(
          "a goal's threshold must be a finite number, got " + threshold);
    }
    this.subject = subject;
    this.comparison = comparison;
    this.threshold = threshold;
    this.everyRun = everyRun;
  }

  /** Walnut's median ≥ {@code threshold}. */
  public static Goal atLeast(double threshold) {
    return new Goal(Subject.WALNUT, Comparison.AT_LEAST, threshold, false);
  }

  /** Walnut's median ≤ {@code threshold}. */
  public static Goal atMost(double threshold) {
    return new Goal(Subject.WALNUT, Comparison.AT_MOST, threshold, false);
  }

  /** Walnut's median &lt; {@code threshold}. */
  public static Goal below(double threshold) {
    return new Goal(Subject.WALNUT, Comparison.BELOW, threshold, false);
  }

  /** The median of the per-run ratios Walnut ÷ reference ≥ {@code threshold}. */
  public static Goal ratioAtLeast(double threshold) {
    return new Goal(Subject.RATIO, Comparison.AT_LEAST, threshold, false);
  }

  /** The same goal judged on the worst run instead of the median: it must hold in every run. */
  public Goal inEveryRun() {
    return new Goal(subject, comparison, threshold, true);
  }

  Subject subject() {
    return subject;
  }

  boolean everyRun() {
    return everyRun;
  }

  /**
   * Judges the goal on {@code spread} (Walnut's, or the ratio's for a ratio goal). Fewer than
   * {@link ResultTable#MIN_RUNS_FOR_VERDICT} runs give no verdict.
   */
  Verdict judge(String metric, Spread spread, String format) {
    double value = everyRun ? spread.worst() : spread.median();
    Verdict.Outcome outcome;
    if (spread.runs() < ResultTable.MIN_RUNS_FOR_VERDICT) {
      outcome = Verdict.Outcome.NOT_JUDGED;
    } else {
      outcome = comparison.holds(value, threshold) ? Verdict.Outcome.MET : Verdict.Outcome.MISSED;
    }
    return new Verdict(metric, describe(format), everyRun, value, spread.runs(), outcome);
  }

  /** e.g. {@code ≥ 100,000}, {@code < 0.5}, {@code ratio ≥ 0.80}, {@code ≤ 0 in every run}. */
  String describe(String format) {
    String number;
    if (subject == Subject.RATIO) {
      number = String.format(Locale.ROOT, ResultTable.RATIO_FORMAT, threshold);
    } else if (threshold == Math.rint(threshold)) {
      number = String.format(Locale.ROOT, "%,.0f", threshold);
    } else {
      number = String.format(Locale.ROOT, format, threshold);
    }
    return (subject == Subject.RATIO ? "ratio " : "")
        + comparison.symbol
        + " "
        + number
        + (everyRun ? " in every run" : "");
  }
}
