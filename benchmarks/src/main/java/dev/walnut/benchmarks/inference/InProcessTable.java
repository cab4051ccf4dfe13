package dev.walnut.benchmarks.inference;

import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.ResultTable;
import java.util.Locale;

/**
 * Part (a)'s runs as the shared result table. Like for like: Walnut batching beside the direct loop
 * at the batch size Walnut's batcher reached in the same run, Walnut without batching beside the
 * direct loop at batch 1. Goals, on the median: ≥ 4,000 records per CPU-second, ≥ 0.8 × the direct
 * loop per CPU-second, p99 &lt; 1 ms per call. The p99 per record is shown beside the p99 per call:
 * a batched record also waits for its batch to fill and for the call before it.
 */
final class InProcessTable {
  static final String BATCHING = "walnut, batching (async)";
  static final String DIRECT_N = "ORT direct, batch walnut reached";
  static final String UNBATCHED = "walnut, batching off";
  static final String DIRECT_1 = "ORT direct, batch 1";

  private final ResultTable table =
      ResultTable.of("inference (a)", "walnut mlflow-inference", "ORT Java direct loop");
  private final ResultTable.Row perCpuSecond =
      table
          .row("records per CPU-second", Better.HIGHER, "%,.0f")
          .labels(BATCHING, DIRECT_N)
          .goal(Goal.atLeast(4_000))
          .goal(Goal.ratioAtLeast(0.8));
  private final ResultTable.Row perSecond =
      table.row("records/s (wall clock)", Better.HIGHER, "%,.0f").labels(BATCHING, DIRECT_N);
  private final ResultTable.Row p99Call =
      table
          .row("p99 ms per call", Better.LOWER, "%.3f")
          .labels(BATCHING, DIRECT_N)
          .goal(Goal.below(1));
  private final ResultTable.Row p99Record =
      table.row("p99 ms per record", Better.LOWER, "%.3f").labels(BATCHING, DIRECT_N);
  private final ResultTable.Row p50Record =
      table.row("p50 ms per record", Better.LOWER, "%.3f").labels(BATCHING, DIRECT_N);
  private final ResultTable.Row meanBatch =
      table.row("mean batch", Better.HIGHER, "%.1f").labels(BATCHING, DIRECT_N).withoutRatio();
  private final ResultTable.Row unbatchedPerSecond =
      table
          .row("records/s (wall clock), batching off", Better.HIGHER, "%,.0f")
          .labels(UNBATCHED, DIRECT_1);
  private final ResultTable.Row unbatchedP99Record =
      table
          .row("p99 ms per record, batching off", Better.LOWER, "%.3f")
          .labels(UNBATCHED, DIRECT_1);
  private final ResultTable.Row pacedP99Record;

  InProcessTable(int pacedRate) {
    pacedP99Record =
        table
            .row(
                String.format(Locale.ROOT, "p99 ms per record, paced at %,d/s", pacedRate),
                Better.LOWER,
                "%.3f")
            .label("walnut, batching, open loop");
  }

  /** One run's measurements. */
  void add(
      RunResult batched,
      RunResult unbatched,
      RunResult paced,
      RunResult direct1,
      RunResult directN) {
    perCpuSecond.walnut(batched.perCpuSecond()).reference(directN.perCpuSecond());
    perSecond.walnut(batched.perSecond()).reference(directN.perSecond());
    p99Call.walnut(batched.perCallMillis(0.99)).reference(directN.perCallMillis(0.99));
    p99Record.walnut(batched.perRecordMillis(0.99)).reference(directN.perRecordMillis(0.99));
    p50Record.walnut(batched.perRecordMillis(0.5)).reference(directN.perRecordMillis(0.5));
    meanBatch.walnut(batched.meanBatch()).reference(directN.meanBatch());
    unbatchedPerSecond.walnut(unbatched.perSecond()).reference(direct1.perSecond());
    unbatchedP99Record
        .walnut(unbatched.perRecordMillis(0.99))
        .reference(direct1.perRecordMillis(0.99));
    pacedP99Record.walnut(paced.perRecordMillis(0.99));
  }

  ResultTable table() {
    return table;
  }
}
