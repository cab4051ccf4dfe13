package dev.walnut.benchmarks;

/**
 * A {@link Goal} judged on a row of a {@link ResultTable}.
 *
 * @param metric the row's metric
 * @param goal the goal as printed, e.g. {@code ≥ 100,000} or {@code ratio ≥ 0.80}
 * @param everyRun judged on the worst run (else on the median)
 * @param value the figure judged: the median, or the worst run
 * @param runs the runs behind it
 */
public record Verdict(
    String metric, String goal, boolean everyRun, double value, int runs, Outcome outcome) {

  public enum Outcome {
    MET("✔"),
    MISSED("✘"),
    /** Fewer runs than {@link ResultTable#MIN_RUNS_FOR_VERDICT}: no median worth judging. */
    NOT_JUDGED("?");

    private final String mark;

    Outcome(String mark) {
      this.mark = mark;
    }

    public String mark() {
      return mark;
    }
  }
}
