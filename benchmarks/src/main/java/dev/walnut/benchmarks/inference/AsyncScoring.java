package dev.walnut.benchmarks.inference;

import dev.walnut.api.Enricher;
import dev.walnut.api.Variables;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;

/**
 * The batching enricher of {@code mlflow-inference} in Flink's ordered async operator, as the
 * engine runs it, timing each record from entering the enricher to its result.
 */
final class AsyncScoring extends RichAsyncFunction<Long, Integer> {
  private static final long serialVersionUID = 1L;
  private final Enricher.Async enricher;
  private final int warmup;
  private final int measured;
  private final long pacingNanos;
  private transient SplittableRandom random;
  private transient MeasuredWindow window;

  /**
   * @param pacingNanos 0 for a closed loop; else record {@code i} of the window is offered {@code i
   *     × pacingNanos} after the window's start (an open loop)
   */
  AsyncScoring(Enricher.Async enricher, int warmup, int measured, long pacingNanos) {
    this.enricher = enricher;
    this.warmup = warmup;
    this.measured = measured;
    this.pacingNanos = pacingNanos;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    enricher.open(getRuntimeContext().getMetricGroup());
    random = new SplittableRandom(1);
    window = new MeasuredWindow(warmup, measured);
  }

  @Override
  public void asyncInvoke(Long i, ResultFuture<Integer> result) {
    Variables v = Variables.ofInput(null, Map.of("items", HistoryParameter.history(random)));
    if (pacingNanos > 0 && i > warmup) {
      // an open-loop load: record i is offered at its time, however long earlier ones take
      long due = window.start() + (i - warmup) * pacingNanos;
      while (System.nanoTime() < due) {
        LockSupport.parkNanos(due - System.nanoTime());
      }
    }
    long t = System.nanoTime();
    window.submitted(i, t);
    enricher
        .enrich(v)
        .whenComplete(
            (out, e) -> {
              if (e != null) {
                result.completeExceptionally(e);
                return;
              }
              window.completed(i, System.nanoTime() - t);
              result.complete(List.of(((Map<?, ?>) out).size()));
            });
  }

  @Override
  public void close() throws Exception {
    enricher.close();
  }
}
