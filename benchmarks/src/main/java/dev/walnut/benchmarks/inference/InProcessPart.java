package dev.walnut.benchmarks.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.walnut.api.Enricher;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.ml.component.MlflowInferenceComponent;
import dev.walnut.ml.onnx.OnnxModel;
import dev.walnut.ml.serving.BatchedModel;
import dev.walnut.ml.serving.ModelRef;
import java.io.PrintStream;
import java.nio.LongBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Part (a): {@code mlflow-inference}'s in-process ONNX path in a Flink job against ONNX Runtime
 * Java called directly in a loop on the same session. Each run measures the reference at batch 1,
 * Walnut with in-process batching (the default) and without, Walnut batching at a paced rate, then
 * the reference again at the batch size Walnut's batcher reached, so that ratio compares like with
 * like.
 */
final class InProcessPart {
  private final int records;
  private final int warmup;
  private final int pacedRate;
  private final int maxBatch;
  private final PrintStream out;

  InProcessPart(int records, int warmup, int pacedRate, int maxBatch, PrintStream out) {
    this.records = records;
    this.warmup = warmup;
    this.pacedRate = pacedRate;
    this.maxBatch = maxBatch;
    this.out = out;
  }

  /** Every run of part (a) on {@code model} (the session of {@code ref}), printed, as the table. */
  ResultTable run(OnnxModel model, ModelRef ref, int runs) throws Exception {
    InProcessTable table = new InProcessTable(pacedRate);
    for (int run = 1; run <= runs; run++) {
      RunResult direct1 = directLoop(model, 1);
      RunResult batched = flinkJob(ref, true, records, 0);
      long batchedWorkerCpu = JobReadings.WORKER_CPU.get();
      long batchedTaskCpu = JobReadings.TASK_CPU.get();
      String topThreads =
          JobReadings.THREAD_DELTAS.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(6)
              .map(e -> e.getKey() + " " + e.getValue() + " ms")
              .collect(Collectors.joining(", "));
      RunResult single = flinkJob(ref, false, records, 0);
      int pacedRecords = (int) Math.min(records, pacedRate * 10L);
      RunResult paced = flinkJob(ref, true, pacedRecords, 1_000_000_000L / pacedRate);
      int reached = (int) Math.max(1, Math.round(batched.meanBatch()));
      RunResult directN = directLoop(model, reached);
      out.println();
      out.printf(Locale.ROOT, "run %d of %d%n", run, runs);
      out.println("threads by CPU in the batching run (from /proc): " + topThreads);
      print(batched, single, direct1, directN);
      out.printf(
          Locale.ROOT,
          "Walnut batching CPU: %.0f µs/record in all: %.0f µs on the batcher's worker (ONNX"
              + " calls + tensor conversion), %.0f µs on the Flink task thread (source, inputs,"
              + " async operator, sink), %.0f µs on other threads (GC, JIT, Flink services);"
              + " direct batch %d: %.0f µs/record%n",
          batched.cpuNanos() / 1e3 / batched.count(),
          batchedWorkerCpu / 1e3 / batched.count(),
          batchedTaskCpu / 1e3 / batched.count(),
          (batched.cpuNanos() - batchedWorkerCpu - batchedTaskCpu) / 1e3 / batched.count(),
          directN.batchSizeOfCalls(),
          directN.cpuNanos() / 1e3 / directN.count());
      out.printf(
          Locale.ROOT,
          "%-44s %10s %12s %10.1f %11.3f %11.3f %11.3f%n",
          String.format(Locale.ROOT, "Walnut batching, paced at %,d records/s", pacedRate),
          "-",
          "-",
          paced.meanBatch(),
          paced.perRecordMillis(0.5),
          paced.perRecordMillis(0.99),
          paced.perCallMillis(0.99));
      table.add(batched, single, paced, direct1, directN);
    }
    return table.table();
  }

  /**
   * ONNX Runtime Java called directly in a loop on the same session: a {@code [batch, 50]} int64
   * tensor built from a {@code long[]}, outputs copied out. No Walnut code on the path.
   */
  private RunResult directLoop(OnnxModel model, int batch) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    int calls = Math.max(1, records / batch);
    for (int i = 0; i < Math.max(50, warmup / batch); i++) {
      directCall(model, random, batch);
    }
    long[] lat = new long[calls];
    long cpu = CpuTime.processNanos();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long t = System.nanoTime();
      directCall(model, random, batch);
      lat[i] = System.nanoTime() - t;
    }
    long wall = System.nanoTime() - start;
    return new RunResult(calls * batch, wall, CpuTime.processNanos() - cpu, lat, lat, batch, 1);
  }

  private static void directCall(OnnxModel model, SplittableRandom random, int batch)
      throws Exception {
    int seq = HistoryParameter.SEQ;
    long[] items = new long[batch * seq];
    for (int j = 0; j < items.length; j++) {
      items[j] = random.nextInt(1, HistoryParameter.ITEMS);
    }
    try (OnnxTensor in =
            OnnxTensor.createTensor(model.env(), LongBuffer.wrap(items), new long[] {batch, seq});
        OrtSession.Result result = model.run(Map.of("items", in))) {
      long[] top = ((OnnxTensor) result.get("top_items").orElseThrow()).getLongBuffer().array();
      float[] scores =
          ((OnnxTensor) result.get("top_scores").orElseThrow()).getFloatBuffer().array();
      if (top.length != batch * 20 || scores.length != batch * 20) {
        throw new IllegalStateException("unexpected output size " + top.length);
      }
    }
  }

  /**
   * {@code mlflow-inference} in a Flink job at parallelism 1: sequence source → history of 50 items
   * → the enricher (through Flink's ordered async I/O, as the engine runs it, when batching; in a
   * map otherwise) → discarding sink. The first {@code warmup} records warm up (the JIT compiles
   * Flink's and Walnut's paths meanwhile).
   */
  private RunResult flinkJob(ModelRef ref, boolean batching, int records, long pacingNanos)
      throws Exception {
    JobReadings.clear();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    DataStream<Long> ids = env.fromSequence(0, records + warmup - 1L);
    SingleOutputStreamOperator<Integer> scored;
    if (batching) {
      Enricher.Async enricher =
          MlflowInferenceComponent.batchedEnricher(
              ref, new HistoryParameter(), Duration.ofSeconds(10), maxBatch);
      scored =
          AsyncDataStream.orderedWait(
              ids,
              new AsyncScoring(enricher, warmup, records, pacingNanos),
              enricher.timeout().toMillis(),
              TimeUnit.MILLISECONDS,
              enricher.capacity());
    } else {
      scored = ids.map(new SyncScoring(ref, warmup, records));
    }
    scored.name("mlflow-inference").sinkTo(new DiscardingSink<>());
    // every batch, with the time it ended; those of the measured window are picked afterwards
    // (checking a flag here would be one more branch flipping as the window starts, see
    // MeasuredWindow)
    AutoCloseable observing =
        BatchedModel.observe(
            (size, nanos) -> JobReadings.BATCHES.add(new long[] {size, nanos, System.nanoTime()}));
    try {
      env.execute("walnut-bench-inference");
    } finally {
      observing.close();
    }
    long[] all = JobReadings.SAMPLES.poll();
    if (all == null) {
      throw new IllegalStateException("the Flink job reported no measurements");
    }
    // all[0] wall time and all[1] process CPU time of the measured part, then per-record latencies
    long[] perRecord = Arrays.copyOfRange(all, 2, all.length);
    if (!batching) {
      return new RunResult(records, all[0], all[1], perRecord, perRecord, 1, 1);
    }
    long[] window = JobReadings.WINDOW;
    List<long[]> inWindow =
        JobReadings.BATCHES.stream().filter(b -> b[2] >= window[0] && b[2] <= window[1]).toList();
    long[] perCall = inWindow.stream().mapToLong(b -> b[1]).toArray();
    long batched = inWindow.stream().mapToLong(b -> b[0]).sum();
    return new RunResult(records, all[0], all[1], perRecord, perCall, batched, perCall.length);
  }

  /** One run's figures, as before the shared table: every system on one line. */
  private void print(RunResult batched, RunResult single, RunResult direct1, RunResult directN) {
    out.printf(
        Locale.ROOT,
        "in-process ONNX, SASRec-sized (2 blocks, hidden %d, seq %d, %,d items, top-20), %,d"
            + " records, Flink parallelism 1%n",
        64,
        HistoryParameter.SEQ,
        HistoryParameter.ITEMS,
        records);
    out.printf(
        Locale.ROOT,
        "%-44s %10s %12s %10s %11s %11s %11s%n",
        "",
        "records/s",
        "rec/CPU-s",
        "mean batch",
        "p50 ms/rec",
        "p99 ms/rec",
        "p99 ms/call");
    row("Walnut mlflow-inference, batching (async)", batched);
    row("Walnut mlflow-inference, batching off", single);
    row("reference: ORT Java direct loop, batch 1", direct1);
    row(
        String.format(
            Locale.ROOT, "reference: ORT Java direct loop, batch %d", directN.batchSizeOfCalls()),
        directN);
    out.printf(
        Locale.ROOT,
        "ratio records/s (wall clock, swings with the box's load): Walnut batching / direct batch"
            + " 1: %.2f; / direct batch %d (like for like): %.2f; Walnut batching off / direct"
            + " batch 1: %.2f%n",
        batched.perSecond() / direct1.perSecond(),
        directN.batchSizeOfCalls(),
        batched.perSecond() / directN.perSecond(),
        single.perSecond() / direct1.perSecond());
    out.printf(
        Locale.ROOT,
        "ratio records per CPU-second: Walnut batching / direct batch 1: %.2f; / direct batch %d"
            + " (like for like): %.2f; Walnut batching off / direct batch 1: %.2f%n",
        batched.perCpuSecond() / direct1.perCpuSecond(),
        directN.batchSizeOfCalls(),
        batched.perCpuSecond() / directN.perCpuSecond(),
        single.perCpuSecond() / direct1.perCpuSecond());
    out.println(
        "ms/rec: per record, from entering the enricher (Walnut) or the call (direct) to its"
            + " result; ms/call: one ONNX Runtime call (a whole batch). rec/CPU-s: records per"
            + " second of process CPU time (all JVM threads).");
  }

  private void row(String label, RunResult r) {
    out.printf(
        Locale.ROOT,
        "%-44s %,10.0f %,12.0f %10.1f %11.3f %11.3f %11.3f%n",
        label,
        r.perSecond(),
        r.perCpuSecond(),
        r.meanBatch(),
        r.perRecordMillis(0.5),
        r.perRecordMillis(0.99),
        r.perCallMillis(0.99));
  }
}
