package dev.walnut.benchmarks;

import dev.walnut.api.json.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one table every {@code ./walnut bench} prints its verdicts through. Per metric: Walnut's runs
 * beside its reference's, measured in the same runs, each as median, best and worst run; the ratio
 * Walnut ÷ reference of each run, summarised the same way; and the goals, judged on the median
 * (never on the best run), with ✔ or ✘. Fewer than {@value #MIN_RUNS_FOR_VERDICT} runs print the
 * figures but judge nothing.
 *
 * <pre>
 * kafka-filter: 3 runs of each system, in the same runs; best and worst beside the median; goals judged on the median
 * metric     system                    median     best    worst  goal
 * records/s  walnut scenario          301,234  319,148  280,000  ≥ 100,000 ✔
 *            hand-written DataStream  263,978  270,000  250,000
 *            walnut ÷ reference          1.14     1.21     1.01  ratio ≥ 0.80 ✔
 * goals: 2 met, 0 missed
 * </pre>
 */
public final class ResultTable {
  /** A verdict needs the median of at least this many runs. */
  public static final int MIN_RUNS_FOR_VERDICT = 3;

  static final String RATIO_FORMAT = "%.2f";
  private static final String NO_VALUE = "n/a";

  private final String benchmark;
  private final String walnut;
  private final String reference;
  private final List<Row> rows = new ArrayList<>();

  private ResultTable(String benchmark, String walnut, String reference) {
    this.benchmark = benchmark;
    this.walnut = walnut;
    this.reference = reference;
  }

  /**
   * @param benchmark the benchmark's name, e.g. {@code kafka-filter}
   * @param walnut how rows name Walnut's system unless a row says otherwise
   * @param reference how rows name the reference unless a row says otherwise
   */
  public static ResultTable of(String benchmark, String walnut, String reference) {
    return new ResultTable(
        nonBlank("benchmark", benchmark),
        nonBlank("walnut", walnut),
        nonBlank("reference", reference));
  }

  /**
   * Adds a metric; its runs, labels and goals are added to the returned row.
   *
   * @param format a {@link String#format} pattern for one number, e.g. {@code %,.0f} or {@code
   *     %.2f}
   */
  public Row row(String metric, Better better, String format) {
    nonBlank("metric", metric);
    if (rows.stream().anyMatch(r -> r.metric.equals(metric))) {
      throw new IllegalArgumentException("the table already has a row `" + metric + "`");
    }
    String.format(Locale.ROOT, format, 1.0); // fails now, not when printing, if it takes no number
    Row row = new Row(metric, better, format);
    rows.add(row);
    return row;
  }

  public String benchmark() {
    return benchmark;
  }

  /** One metric: Walnut's value per run and, if it has one, the reference's of the same runs. */
  public final class Row {
    private final String metric;
    private final Better better;
    private final String format;
    private final List<Double> walnutRuns = new ArrayList<>();
    private final List<Double> referenceRuns = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();
    private String walnutLabel;
    private String referenceLabel;
    private boolean ratio = true;

    private Row(String metric, Better better, String format) {
      this.metric = metric;
      this.better = better;
      this.format = format;
    }

    /** Walnut's value in the next run. */
    public Row walnut(double value) {
      walnutRuns.add(value);
      return this;
    }

    /** The reference's value in the next run (the run Walnut's value of the same index is from). */
    public Row reference(double value) {
      referenceRuns.add(value);
      return this;
    }

    /** Names both systems on this row, when they differ from the table's. */
    public Row labels(String walnut, String reference) {
      this.walnutLabel = nonBlank("walnut", walnut);
      this.referenceLabel = nonBlank("reference", reference);
      return this;
    }

    /** Names Walnut's system on this row, when it differs from the table's. */
    public Row label(String walnut) {
      this.walnutLabel = nonBlank("walnut", walnut);
      return this;
    }

    /** Shows no ratio on this row: for figures whose quotient means nothing, e.g. a share of 0. */
    public Row withoutRatio() {
      this.ratio = false;
      return this;
    }

    public Row goal(Goal goal) {
      goals.add(goal);
      return this;
    }

    public String metric() {
      return metric;
    }

    /**
     * @throws IllegalStateException if Walnut has no runs on this row
     */
    public Spread walnutSpread() {
      if (walnutRuns.isEmpty()) {
        throw new IllegalStateException("row `" + metric + "` has no runs of " + walnutName());
      }
      return Spread.of(walnutRuns, better);
    }

    public Optional<Spread> referenceSpread() {
      return referenceRuns.isEmpty()
          ? Optional.empty()
          : Optional.of(Spread.of(referenceRuns, better));
    }

    /**
     * Walnut ÷ reference per run, summarised like the runs themselves (for a latency the best ratio
     * is the smallest).
     *
     * @throws IllegalStateException if the two systems have different numbers of runs
     */
    public Optional<Spread> ratioSpread() {
      if (referenceRuns.isEmpty() || !ratio) {
        return Optional.empty();
      }
      if (referenceRuns.size() != walnutRuns.size()) {
        throw new IllegalStateException(
            "row `"
                + metric
                + "` has "
                + walnutRuns.size()
                + " runs of "
                + walnutName()
                + " but "
                + referenceRuns.size()
                + " of "
                + referenceName()
                + ": the ratio pairs the two systems' values run by run");
      }
      List<Double> ratios = new ArrayList<>();
      for (int i = 0; i < walnutRuns.size(); i++) {
        ratios.add(walnutRuns.get(i) / referenceRuns.get(i));
      }
      return Optional.of(Spread.of(ratios, better));
    }

    List<Verdict> verdicts() {
      List<Verdict> verdicts = new ArrayList<>();
      for (Goal g : goals) {
        if (g.subject() == Goal.Subject.RATIO) {
          Spread ratio =
              ratioSpread()
                  .orElseThrow(
                      () ->
                          new IllegalStateException(
                              "row `"
                                  + metric
                                  + "` has a goal on the ratio but no ratio (no reference runs,"
                                  + " or withoutRatio())"));
          verdicts.add(g.judge(metric, ratio, format));
        } else {
          verdicts.add(g.judge(metric, walnutSpread(), format));
        }
      }
      return verdicts;
    }

    private String walnutName() {
      return walnutLabel != null ? walnutLabel : walnut;
    }

    private String referenceName() {
      return referenceLabel != null ? referenceLabel : reference;
    }
  }

  /** Every goal of every row, judged. */
  public List<Verdict> verdicts() {
    List<Verdict> all = new ArrayList<>();
    rows.forEach(r -> all.addAll(r.verdicts()));
    return all;
  }

  /** The table as printed, ending with a line break. */
  public String render() {
    if (rows.isEmpty()) {
      throw new IllegalStateException("the " + benchmark + " table has no rows");
    }
    int runs = rows.stream().mapToInt(r -> r.walnutSpread().runs()).min().orElse(0);
    List<String[]> lines = new ArrayList<>();
    lines.add(new String[] {"metric", "system", "median", "best", "worst", "goal"});
    for (Row row : rows) {
      List<Verdict> verdicts = row.verdicts();
      lines.add(
          line(
              row.metric,
              row.walnutName(),
              row.walnutSpread(),
              row.format,
              goals(verdicts, Goal.Subject.WALNUT, row)));
      Optional<Spread> ref = row.referenceSpread();
      if (ref.isPresent()) {
        lines.add(line("", row.referenceName(), ref.get(), row.format, ""));
      }
      Optional<Spread> ratio = row.ratioSpread();
      if (ratio.isPresent()) {
        lines.add(
            line(
                "",
                "walnut ÷ reference",
                ratio.get(),
                RATIO_FORMAT,
                goals(verdicts, Goal.Subject.RATIO, row)));
      }
    }
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s: %d run%s of each system, in the same runs; best and worst beside the median;"
                + " goals judged on the median%n",
            benchmark,
            runs,
            runs == 1 ? "" : "s"));
    int[] widths = new int[6];
    for (String[] cells : lines) {
      for (int i = 0; i < cells.length; i++) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    for (String[] cells : lines) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cells.length; i++) {
        boolean number = i >= 2 && i <= 4;
        String cell = number ? pad(cells[i], widths[i], true) : pad(cells[i], widths[i], false);
        line.append(i == 0 ? "" : "  ").append(cell);
      }
      out.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    out.append(summary()).append(System.lineSeparator());
    return out.toString();
  }

  /** e.g. {@code goals: 2 met, 1 missed (✘ records/s: ratio ≥ 0.80, median 0.78)}. */
  String summary() {
    List<Verdict> verdicts = verdicts();
    if (verdicts.isEmpty()) {
      return "goals: none for this benchmark (figures only)";
    }
    if (verdicts.stream().anyMatch(v -> v.outcome() == Verdict.Outcome.NOT_JUDGED)) {
      int runs = verdicts.stream().mapToInt(Verdict::runs).min().orElse(0);
      return String.format(
          Locale.ROOT,
          "goals: not judged: %d run%s, a verdict needs the median of at least %d (--runs %d)",
          runs,
          runs == 1 ? "" : "s",
          MIN_RUNS_FOR_VERDICT,
          MIN_RUNS_FOR_VERDICT);
    }
    List<String> missed = new ArrayList<>();
    for (Row row : rows) {
      List<Verdict> rowVerdicts = row.verdicts();
      for (int i = 0; i < rowVerdicts.size(); i++) {
        Verdict v = rowVerdicts.get(i);
        if (v.outcome() == Verdict.Outcome.MISSED) {
          boolean ratio = row.goals.get(i).subject() == Goal.Subject.RATIO;
          missed.add(
              "✘ "
                  + v.metric()
                  + ": "
                  + v.goal()
                  + (v.everyRun() ? ", worst run " : ", median ")
                  + number(ratio ? RATIO_FORMAT : row.format, v.value()));
        }
      }
    }
    return String.format(
            Locale.ROOT, "goals: %d met, %d missed", verdicts.size() - missed.size(), missed.size())
        + (missed.isEmpty() ? "" : " (" + String.join("; ", missed) + ")");
  }

  /**
   * The table on one line: {@code {"benchmark":…, "runs":…, "rows":[{"metric":…, "walnut":{median,
   * best, worst}, "reference":{…}, "ratio":{…}}…], "goals":[{"metric":…, "goal":…, "judged_on":…,
   * "value":…, "verdict":"met"|"missed"|"not judged"}…]}}.
   */
  public String toJsonLine() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", benchmark);
    json.put("runs", rows.stream().mapToInt(r -> r.walnutSpread().runs()).min().orElse(0));
    List<Object> rowList = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("metric", r.metric);
      row.put("walnut", json(r.walnutSpread()));
      r.referenceSpread().ifPresent(s -> row.put("reference", json(s)));
      r.ratioSpread().ifPresent(s -> row.put("ratio", json(s)));
      rowList.add(row);
    }
    json.put("rows", rowList);
    List<Object> goalList = new ArrayList<>();
    for (Verdict v : verdicts()) {
      Map<String, Object> goal = new LinkedHashMap<>();
      goal.put("metric", v.metric());
      goal.put("goal", v.goal());
      goal.put("judged_on", v.everyRun() ? "worst run" : "median");
      goal.put("value", finite(v.value()));
      goal.put("verdict", v.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' '));
      goalList.add(goal);
    }
    json.put("goals", goalList);
    return JsonValues.write(json);
  }

  private static Map<String, Object> json(Spread s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", finite(s.median()));
    m.put("best", finite(s.best()));
    m.put("worst", finite(s.worst()));
    return m;
  }

  /** JSON has no NaN or infinity: such a figure is written as null. */
  private static Double finite(double v) {
    return Double.isFinite(v) ? Math.round(v * 1000) / 1000.0 : null;
  }

  private static String goals(List<Verdict> verdicts, Goal.Subject subject, Row row) {
    List<String> cells = new ArrayList<>();
    for (int i = 0; i < row.goals.size(); i++) {
      if (row.goals.get(i).subject() == subject) {
        Verdict v = verdicts.get(i);
        cells.add(v.goal() + " " + v.outcome().mark());
      }
    }
    return String.join("; ", cells);
  }

  private static String[] line(
      String metric, String system, Spread s, String format, String goals) {
    return new String[] {
      metric,
      system,
      number(format, s.median()),
      number(format, s.best()),
      number(format, s.worst()),
      goals
    };
  }

  private static String number(String format, double value) {
    return Double.isFinite(value) ? String.format(Locale.ROOT, format, value) : NO_VALUE;
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }

  private static String nonBlank(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank, got `" + value + "`");
    }
    return value;
  }
}
