package dev.walnut.benchmarks;

import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * The options every {@code ./walnut bench} command shares (a picocli mixin): how many runs the
 * result table's medians are taken over, and a closing JSON line of the table.
 */
public final class BenchRunOptions {
  @Option(
      names = "--runs",
      defaultValue = "3",
      description =
          "Runs of each system (Walnut and its reference measured in the same runs); goals are"
              + " judged on the median, which needs at least 3. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--json",
      description = "End with the result table as one JSON line (one per table).")
  boolean json;

  /**
   * @throws IllegalArgumentException if {@code --runs} is below 1
   */
  public int runs() {
    return (int) BenchOptions.atLeastOne("runs", runs);
  }

  /** Prints the tables' JSON lines when {@code --json} was given; the exit code of a benchmark. */
  public int finish(PrintStream out, ResultTable... tables) {
    if (json) {
      for (ResultTable t : tables) {
        out.println(t.toJsonLine());
      }
    }
    return 0;
  }

  /** As {@link #finish(PrintStream, ResultTable...)}, for commands printing to picocli's writer. */
  public int finish(PrintWriter out, ResultTable... tables) {
    if (json) {
      for (ResultTable t : tables) {
        out.println(t.toJsonLine());
      }
    }
    out.flush();
    return 0;
  }
}
