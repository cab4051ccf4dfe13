package dev.walnut.benchmarks.inference;

import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.embedded.mlflow.ModelServeProcess;
import dev.walnut.ml.remote.ScoringServerClient;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Part (b): a pyfunc model on {@code mlflow models serve} through {@link ScoringServerClient}'s
 * micro-batching (max 32, 5 ms) against the same client sending one request per record, 4 requests
 * in flight either way. Runs alternate which goes first. No goal: the figure shows what batching
 * buys against a remote server.
 */
final class ScoringServerPart {
  static final int MAX_BATCH = 32;
  private final PrintStream out;

  ScoringServerPart(PrintStream out) {
    this.out = out;
  }

  /** {@code runs} runs of {@code records} records each way against {@code serve}. */
  ResultTable run(ModelServeProcess serve, int records, int runs) throws Exception {
    ResultTable table =
        ResultTable.of(
            "inference (b)",
            String.format(Locale.ROOT, "walnut micro-batching (max %d, 5 ms)", MAX_BATCH),
            "one request per record");
    ResultTable.Row perSecond = table.row("records/s", Better.HIGHER, "%,.0f");
    out.println();
    out.printf(
        Locale.ROOT,
        "remote scoring server (mlflow models serve, pyfunc), %,d records, 4 requests in flight%n",
        records);
    for (int run = 1; run <= runs; run++) {
      double single;
      double batched;
      if (run % 2 == 1) {
        single = scoring(serve, records, 1);
        batched = scoring(serve, records, MAX_BATCH);
      } else {
        batched = scoring(serve, records, MAX_BATCH);
        single = scoring(serve, records, 1);
      }
      out.printf(
          Locale.ROOT,
          "  run %d: micro-batching %,.0f records/s, one request per record %,.0f records/s,"
              + " ratio %.1f%n",
          run,
          batched,
          single,
          batched / single);
      perSecond.walnut(batched).reference(single);
    }
    return table;
  }

  private static double scoring(ModelServeProcess serve, int n, int maxBatch) throws Exception {
    ScoringServerClient.Settings settings =
        new ScoringServerClient.Settings(
            maxBatch, Duration.ofMillis(5), Duration.ofSeconds(30), 3, Duration.ofMillis(100), 4);
    try (ScoringServerClient client = new ScoringServerClient(serve.uri().toString(), settings)) {
      for (int i = 0; i < 20; i++) {
        client.predict(Map.of("x", (double) i)).get();
      }
      long t = System.nanoTime();
      List<CompletableFuture<Object>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        futures.add(client.predict(Map.of("x", (double) i)));
      }
      for (CompletableFuture<Object> f : futures) {
        f.get();
      }
      return n / ((System.nanoTime() - t) / 1e9);
    }
  }
}
