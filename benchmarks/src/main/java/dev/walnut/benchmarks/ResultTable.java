package dev.walnut.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Prints the runs of both systems and the summary (best and median of each). */
public final class ResultTable {
  private final String walnut;
  private final String reference;
  private final List<Measurement> runs = new ArrayList<>();

  public ResultTable(String walnut, String reference) {
    this.walnut = walnut;
    this.reference = reference;
  }

  public void add(Measurement m) {
    if (!m.system().equals(walnut) && !m.system().equals(reference)) {
      throw new IllegalArgumentException(
          "measurement of `" + m.system() + "`, expected `" + walnut + "` or `" + reference + "`");
    }
    runs.add(m);
  }

  public double best(String system) {
    return of(system).stream().mapToDouble(Measurement::perSecond).max().orElse(0);
  }

  public double median(String system) {
    double[] sorted = of(system).stream().mapToDouble(Measurement::perSecond).sorted().toArray();
    if (sorted.length == 0) {
      return 0;
    }
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /** Walnut's best beside the reference's best. */
  public BenchmarkResult result(String name) {
    return new BenchmarkResult(name, best(walnut), best(reference));
  }

  public void print(PrintStream out) {
    int width = Math.max(walnut.length(), reference.length()) + 2;
    String row = "%-" + width + "s %4s %12s %9s %14s %14s%n";
    out.printf(
        Locale.ROOT, row, "system", "run", "records/s", "wall s", "first output s", "output");
    runs.stream()
        .sorted(Comparator.comparing(Measurement::system).thenComparing(Measurement::run))
        .forEach(
            m ->
                out.printf(
                    Locale.ROOT,
                    row,
                    m.system(),
                    m.run(),
                    String.format(Locale.ROOT, "%,.0f", m.perSecond()),
                    String.format(Locale.ROOT, "%.1f", m.elapsed().toMillis() / 1000.0),
                    String.format(Locale.ROOT, "%.1f", m.firstOutput().toMillis() / 1000.0),
                    String.format(Locale.ROOT, "%,d", m.outputRecords())));
    out.println();
    String summary = "%-" + width + "s %14s %14s%n";
    out.printf(Locale.ROOT, summary, "", "best/s", "median/s");
    for (String system : List.of(walnut, reference)) {
      out.printf(
          Locale.ROOT,
          summary,
          system,
          String.format(Locale.ROOT, "%,.0f", best(system)),
          String.format(Locale.ROOT, "%,.0f", median(system)));
    }
    out.printf(
        Locale.ROOT,
        "%-" + width + "s %14.2f %14.2f%n",
        "ratio",
        best(walnut) / best(reference),
        median(walnut) / median(reference));
  }

  private List<Measurement> of(String system) {
    return runs.stream().filter(m -> m.system().equals(system)).toList();
  }
}
