package dev.walnut.ml.serving;

import dev.walnut.ml.batch.MicroBatcher;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.onnx.OnnxModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ServedModel} behind a {@link MicroBatcher}: records from every subtask of the JVM that
 * serves the same model (same reference, poll interval and batch size) go to one worker thread,
 * which runs everything waiting, up to the batch size, as one ONNX call. It never waits for a batch
 * to fill, so a lone record is served at once; batches grow only while a call is running. Reference
 * counted like the ONNX sessions: the last {@link #close} stops the worker and releases the model.
 */
public final class BatchedModel implements AutoCloseable {
  private static final Map<Key, BatchedModel> SHARED = new HashMap<>(); // guarded by itself
  private static final List<BatchObserver> OBSERVERS = new CopyOnWriteArrayList<>();

  private record Key(ModelRef ref, Duration poll, int maxBatch, ModelContract validated) {}

  /** Told about every batch served in this JVM (benchmarks, diagnostics). */
  @FunctionalInterface
  public interface BatchObserver {
    /**
     * @param size records in the batch
     * @param callNanos how long the model call took for the whole batch
     */
    void batchServed(int size, long callNanos);
  }

  private final Key key;
  private final ServedModel model;
  private final MicroBatcher<Map<String, Object>, Prediction> batcher;
  private int refs = 1; // guarded by SHARED

  private BatchedModel(Key key, ServedModel model) {
    this.key = key;
    this.model = model;
    this.batcher =
        new MicroBatcher<>(
            "walnut-model-batcher-" + key.ref().name(),
            key.maxBatch(),
            Duration.ZERO,
            Integer.MAX_VALUE,
            this::serve);
  }

  /**
   * The JVM's batched model for {@code ref}, opened (see {@link ServedModel#open}) if no one holds
   * it yet. The caller owns one reference.
   */
  public static BatchedModel open(ModelRef ref, ModelCache cache, Duration poll, int maxBatch) {
    return open(ref, cache, poll, maxBatch, null);
  }

  /**
   * The same for a caller validated against {@code validated} (see {@link
   * ServedModel#open(ModelRef, ModelCache, Duration, ModelContract)}); callers validated against
   * different contracts get different instances.
   */
  public static BatchedModel open(
      ModelRef ref, ModelCache cache, Duration poll, int maxBatch, ModelContract validated) {
    Key key = new Key(ref, poll, maxBatch, validated);
    synchronized (SHARED) {
      BatchedModel existing = SHARED.get(key);
      if (existing != null) {
        existing.refs++;
        return existing;
      }
      BatchedModel created = new BatchedModel(key, ServedModel.open(ref, cache, poll, validated));
      SHARED.put(key, created);
      return created;
    }
  }

  /** Queues one record; the future completes with its outputs and the version that made them. */
  public CompletableFuture<Prediction> predict(Map<String, Object> inputs) {
    return batcher.submit(inputs);
  }

  /** The served model (version, swaps, refresh failures). */
  public ServedModel served() {
    return model;
  }

  /** Registers an observer of every batch served in this JVM; close the handle to remove it. */
  public static AutoCloseable observe(BatchObserver observer) {
    OBSERVERS.add(observer);
    return () -> OBSERVERS.remove(observer);
  }

  private void serve(List<MicroBatcher.Pending<Map<String, Object>, Prediction>> batch) {
    List<Map<String, Object>> inputs = new ArrayList<>(batch.size());
    for (MicroBatcher.Pending<Map<String, Object>, Prediction> pending : batch) {
      inputs.add(pending.input());
    }
    long start = System.nanoTime();
    ServedModel.BatchPrediction p = model.predictAll(inputs);
    long took = System.nanoTime() - start;
    for (int i = 0; i < batch.size(); i++) {
      OnnxModel.Outcome o = p.outcomes().get(i);
      if (o.error() != null) {
        batch.get(i).result().completeExceptionally(o.error());
      } else {
        batch.get(i).result().complete(new Prediction(p.modelVersion(), o.outputs()));
      }
    }
    for (BatchObserver observer : OBSERVERS) {
      observer.batchServed(batch.size(), took);
    }
  }

  @Override
  public void close() {
    synchronized (SHARED) {
      if (--refs > 0) {
        return;
      }
      SHARED.remove(key, this);
    }
    batcher.close();
    model.close();
  }
}
