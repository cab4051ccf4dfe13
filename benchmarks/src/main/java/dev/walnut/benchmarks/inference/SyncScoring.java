package dev.walnut.benchmarks.inference;

import dev.walnut.api.Enricher;
import dev.walnut.api.Variables;
import dev.walnut.ml.component.MlflowInferenceComponent;
import dev.walnut.ml.serving.ModelRef;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/** The enricher of {@code mlflow-inference} without batching, in a map, timing each call. */
final class SyncScoring extends RichMapFunction<Long, Integer> {
  private static final long serialVersionUID = 1L;
  private final ModelRef ref;
  private final int warmup;
  private final int measured;
  private transient Enricher.Sync enricher;
  private transient SplittableRandom random;
  private transient MeasuredWindow window;

  SyncScoring(ModelRef ref, int warmup, int measured) {
    this.ref = ref;
    this.warmup = warmup;
    this.measured = measured;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    enricher =
        MlflowInferenceComponent.enricher(ref, new HistoryParameter(), Duration.ofSeconds(10));
    enricher.open(getRuntimeContext().getMetricGroup());
    random = new SplittableRandom(1);
    window = new MeasuredWindow(warmup, measured);
  }

  @Override
  public Integer map(Long i) throws Exception {
    Variables v = Variables.ofInput(null, Map.of("items", HistoryParameter.history(random)));
    long t = System.nanoTime();
    window.submitted(i, t);
    Map<?, ?> out = (Map<?, ?>) enricher.enrich(v);
    window.completed(i, System.nanoTime() - t);
    return out.size();
  }

  @Override
  public void close() throws Exception {
    if (enricher != null) {
      enricher.close();
    }
  }
}
