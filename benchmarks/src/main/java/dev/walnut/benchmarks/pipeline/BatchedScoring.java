package dev.walnut.benchmarks.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The model in-process through ONNX Runtime, as an expert writes it: an operator chained after the
 * shopper window that buffers up to {@link #MAX_BATCH} records and runs them as one call when the
 * batch is full, {@link #MAX_WAIT_MILLIS} ms after its first record, before a checkpoint barrier
 * and at the end — no async operator, no queue, no thread hand-off. Same session options as {@code
 * mlflow-inference} (one intra-op and one inter-op thread, sequential, all graph optimisations).
 */
final class BatchedScoring extends AbstractStreamOperator<Recommendation>
    implements OneInputStreamOperator<Recommendation, Recommendation> {
  private static final long serialVersionUID = 1L;
  static final int MAX_BATCH = 32;
  static final long MAX_WAIT_MILLIS = 1;
  private static final int L = 20;

  private final String modelFile;
  private final String modelVersion;
  private transient OrtEnvironment env;
  private transient OrtSession session;
  private transient List<Recommendation> batch;
  private transient boolean timerSet;

  BatchedScoring(String modelFile, String modelVersion) {
    this.modelFile = modelFile;
    this.modelVersion = modelVersion;
  }

  @Override
  public void open() throws Exception {
    super.open();
    env = OrtEnvironment.getEnvironment();
    OrtSession.SessionOptions so = new OrtSession.SessionOptions();
    so.setIntraOpNumThreads(1);
    so.setInterOpNumThreads(1);
    so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    session = env.createSession(modelFile, so);
    batch = new ArrayList<>(MAX_BATCH);
  }

  @Override
  public void processElement(StreamRecord<Recommendation> element) throws Exception {
    batch.add(element.getValue());
    if (batch.size() >= MAX_BATCH) {
      flush();
    } else if (!timerSet) {
      timerSet = true;
      long at = getProcessingTimeService().getCurrentProcessingTime() + MAX_WAIT_MILLIS;
      getProcessingTimeService().registerTimer(at, t -> flush());
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush();
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  private void flush() throws Exception {
    timerSet = false;
    int n = batch.size();
    if (n == 0) {
      return;
    }
    String[] ids = new String[n * L];
    Arrays.fill(ids, "");
    for (int b = 0; b < n; b++) {
      String[] w = batch.get(b).window;
      int keep = Math.min(L, w.length);
      System.arraycopy(w, w.length - keep, ids, b * L + (L - keep), keep);
    }
    try (OnnxTensor input = OnnxTensor.createTensor(env, ids, new long[] {n, L});
        OrtSession.Result result = session.run(Map.of("item_ids", input))) {
      String[][] items = (String[][]) result.get("top_items").orElseThrow().getValue();
      float[][] scores = (float[][]) result.get("top_scores").orElseThrow().getValue();
      for (int b = 0; b < n; b++) {
        Recommendation r = batch.get(b);
        r.topItems = items[b];
        r.topScores = scores[b];
        r.modelVersion = modelVersion;
        output.collect(new StreamRecord<>(r));
      }
    }
    batch.clear();
  }

  @Override
  public void close() throws Exception {
    if (session != null) {
      session.close();
    }
    super.close();
  }
}
