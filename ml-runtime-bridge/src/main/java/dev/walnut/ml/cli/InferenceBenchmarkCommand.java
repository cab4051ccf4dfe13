package dev.walnut.ml.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.api.DataType;
import dev.walnut.api.Enricher;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.ml.component.MlflowInferenceComponent;
import dev.walnut.ml.component.OnnxEmbedComponent;
import dev.walnut.ml.embed.MiniLmEmbedder;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowServer;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.mlflow.PythonEnv;
import dev.walnut.ml.onnx.OnnxModel;
import dev.walnut.ml.remote.ModelServeProcess;
import dev.walnut.ml.remote.ScoringServerClient;
import dev.walnut.ml.serving.BatchedModel;
import dev.walnut.ml.serving.ModelRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./walnut bench inference}: the in-process ONNX path of {@code mlflow-inference} with a
 * SASRec-sized model (2 blocks, hidden 64, sequence 50, 43,097 items, top-20 in the graph) inside a
 * Flink job, against the same model called directly through ONNX Runtime Java in a loop; (b) a
 * pyfunc model on {@code mlflow models serve} through the micro-batching client against one request
 * per record; (c) {@code onnx-embed} on DataSQRL content texts in a Flink job against a plain loop.
 * Starts its own MLflow server in a temporary directory.
 */
@Command(
    name = "inference",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks (a) in-process ONNX inference in a Flink job against a plain loop, (b) the"
            + " micro-batching scoring-server client against one request per record, (c) onnx-embed"
            + " against a plain loop.")
public final class InferenceBenchmarkCommand implements Callable<Integer> {
  private static final int SEQ = 50;
  private static final int ITEMS = 43_097;
  private static final String MODEL = "bench-sasrec-sized";

  @Option(
      names = "--records",
      defaultValue = "20000",
      description = "Records per measurement (default: ${DEFAULT-VALUE}).")
  int records;

  @Option(
      names = "--content",
      description =
          "DataSQRL content file for the embedding part (default:"
              + " <project>/../shared/data/datasqrl-clickstream/content.json.gz).")
  Path content;

  @Option(
      names = "--texts",
      defaultValue = "1000",
      description = "Texts embedded per measurement (default: ${DEFAULT-VALUE}).")
  int texts;

  @Option(
      names = "--parts",
      split = ",",
      defaultValue = "a,b,c",
      description =
          "Parts to run: a (in-process ONNX), b (scoring server), c (onnx-embed). Default:"
              + " ${DEFAULT-VALUE}.")
  List<String> parts;

  @Option(
      names = "--warmup",
      defaultValue = "30000",
      description =
          "Part a: records (or their worth of calls) run before measuring, so the JIT has"
              + " compiled the paths (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--paced-rate",
      defaultValue = "1000",
      description =
          "Part a also offers records at this fixed rate (records/s) to show the per-record"
              + " latency below saturation (default: ${DEFAULT-VALUE}).")
  int pacedRate;

  @Option(
      names = "--max-batch",
      defaultValue = "32",
      description =
          "Part a: `Max batch size` of mlflow-inference's in-process batching; smaller batches"
              + " shorten each call, larger ones raise records/s (default: ${DEFAULT-VALUE}).")
  int maxBatch;

  /** Per-call latencies (ns) measured inside the Flink job; the local job runs in this JVM. */
  static final ConcurrentLinkedQueue<long[]> FLINK_SAMPLES = new ConcurrentLinkedQueue<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new InferenceBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    for (String part : parts) {
      if (!List.of("a", "b", "c").contains(part)) {
        throw new IllegalArgumentException("--parts takes a, b and c, got `" + part + "`");
      }
    }
    PythonEnv python = PythonEnv.locate();
    if (parts.contains("a") || parts.contains("b")) {
      modelParts(python);
    }
    if (parts.contains("c")) {
      embeddings(python.projectRoot());
    }
    return 0;
  }

  private void modelParts(PythonEnv python) throws Exception {
    Path work = Files.createTempDirectory("walnut-bench-inference-");
    try {
      modelParts(python, work);
    } finally {
      deleteTree(work);
    }
  }

  /** Deletes a directory tree; what cannot be deleted is left (a benchmark's scratch space). */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private void modelParts(PythonEnv python, Path work) throws Exception {
    try (MlflowServer server =
        MlflowServer.start(python, work.resolve("mlflow"), 0, Duration.ofMinutes(3))) {
      Path script = work.resolve("log_sasrec_sized_model.py");
      try (InputStream in =
          InferenceBenchmarkCommand.class.getResourceAsStream(
              "/python/log_sasrec_sized_model.py")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      System.out.println("building and logging the SASRec-sized model...");
      python.run(script, List.of(server.uri().toString(), MODEL), Duration.ofMinutes(10));
      ModelRef ref = ModelRef.alias(server.uri(), MODEL, "champion");

      if (parts.contains("a")) {
        inProcess(server, ref);
      }
      if (parts.contains("b")) {
        remote(python, server, work);
      }
    }
  }

  private void remote(PythonEnv python, MlflowServer server, Path work) throws Exception {
    Path script = work.resolve("log_pyfunc_model.py");
    try (InputStream in =
        InferenceBenchmarkCommand.class.getResourceAsStream("/python/log_pyfunc_model.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    String out =
        python.run(script, List.of(server.uri().toString(), "bench-pyfunc"), Duration.ofMinutes(5));
    String version = out.substring(out.lastIndexOf("version ") + "version ".length()).trim();
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ModelServeProcess serve =
        ModelServeProcess.start(
            python, server.uri(), "models:/bench-pyfunc/" + version, port, Duration.ofMinutes(3))) {
      int n = Math.max(200, records / 10);
      double single = scoring(serve, n, 1);
      double batched = scoring(serve, n, 32);
      System.out.println();
      System.out.printf(
          "remote scoring server (mlflow models serve, pyfunc), %,d records, 4 requests in"
              + " flight%n",
          n);
      System.out.printf("%-38s %14s%n", "", "records/s");
      System.out.printf("%-38s %,14.0f%n", "Walnut micro-batching (max 32, 5 ms)", batched);
      System.out.printf("%-38s %,14.0f%n", "reference: one request per record", single);
      System.out.printf("ratio batched/single: %.1f%n", batched / single);
    }
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

  private void embeddings(Path root) throws Exception {
    Path file =
        content != null
            ? content
            : root.resolve("../shared/data/datasqrl-clickstream/content.json.gz").normalize();
    List<String> titles = new ArrayList<>();
    List<String> shortTexts = new ArrayList<>();
    List<String> longTexts = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && longTexts.size() < texts) {
        JsonNode n = json.readTree(line);
        String title = n.path("title").asText("");
        String text = n.path("text").asText("");
        int sentenceEnd = text.indexOf(". ");
        titles.add(title);
        shortTexts.add(
            title + ". " + (sentenceEnd < 0 ? text : text.substring(0, sentenceEnd + 1)));
        longTexts.add(title + ". " + text);
      }
    }
    if (longTexts.isEmpty()) {
      throw new IllegalStateException("no texts in " + file);
    }
    System.out.println();
    System.out.printf(
        "onnx-embed (all-MiniLM-L6-v2 quantized, batch 1), %,d DataSQRL content texts, 1 core%n",
        longTexts.size());
    System.out.printf("%-58s %14s%n", "", "sentences/s");
    double titleWalnut = embedInFlink(titles);
    double titleDirect = embedDirect(titles);
    double shortWalnut = embedInFlink(shortTexts);
    double shortDirect = embedDirect(shortTexts);
    double longWalnut = embedInFlink(longTexts);
    double longDirect = embedDirect(longTexts);
    System.out.printf("%-58s %,14.0f%n", "titles: Walnut onnx-embed in Flink", titleWalnut);
    System.out.printf("%-58s %,14.0f%n", "titles: reference, tokenizer + ORT direct", titleDirect);
    System.out.printf(
        "%-58s %,14.0f%n",
        "short (title + first sentence): Walnut onnx-embed in Flink", shortWalnut);
    System.out.printf("%-58s %,14.0f%n", "short: reference, tokenizer + ORT direct", shortDirect);
    System.out.printf(
        "%-58s %,14.0f%n", "long (title + text, cut at 256 tokens): Walnut in Flink", longWalnut);
    System.out.printf("%-58s %,14.0f%n", "long: reference, tokenizer + ORT direct", longDirect);
    System.out.printf(
        "ratio Walnut/direct: titles %.2f, short %.2f, long %.2f; goal >= 500 sentences/s/core"
            + " for short texts%n",
        titleWalnut / titleDirect, shortWalnut / shortDirect, longWalnut / longDirect);
  }

  /** Tokenizer + ONNX Runtime in a plain loop, after a warm-up: the reference. */
  private static double embedDirect(List<String> all) {
    try (MiniLmEmbedder embedder = MiniLmEmbedder.load()) {
      for (int i = 0; i < Math.min(50, all.size()); i++) {
        embedder.embed(all.get(i));
      }
      long t = System.nanoTime();
      for (String text : all) {
        embedder.embed(text);
      }
      return all.size() / ((System.nanoTime() - t) / 1e9);
    }
  }

  /** The onnx-embed enricher in a Flink job at parallelism 1; the first 50 texts warm up. */
  private static double embedInFlink(List<String> all) throws Exception {
    FLINK_SAMPLES.clear();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    List<String> withWarmup = new ArrayList<>(all.subList(0, Math.min(50, all.size())));
    withWarmup.addAll(all);
    env.fromData(withWarmup)
        .map(new Embedding(Math.min(50, all.size())))
        .sinkTo(new DiscardingSink<>());
    env.execute("walnut-bench-onnx-embed");
    long[] measured = FLINK_SAMPLES.poll();
    if (measured == null) {
      throw new IllegalStateException("the Flink job reported no measurements");
    }
    return all.size() / (measured[0] / 1e9);
  }

  /**
   * Part (a): the reference at batch 1, Walnut with in-process batching (the default) and without,
   * then the reference again at the batch size Walnut's batcher reached, so that ratio compares
   * like with like.
   */
  private void inProcess(MlflowServer server, ModelRef ref) throws Exception {
    try (dev.walnut.ml.mlflow.MlflowClient client =
        dev.walnut.ml.mlflow.MlflowClient.create(server.uri())) {
      Path dir = ModelCache.defaultCache().fetch(client, MODEL, "1");
      OnnxModel model =
          OnnxModel.load(dir.resolve("model.onnx"), MlModel.read(dir).onnxSessionOptions());
      try {
        Result direct1 = directLoop(model, 1);
        Result batched = flinkJob(ref, true, records, 0);
        long batchedWorkerCpu = WORKER_CPU.get();
        long batchedTaskCpu = TASK_CPU.get();
        String topThreads =
            THREAD_DELTAS.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6)
                .map(e -> e.getKey() + " " + e.getValue() + " ms")
                .collect(java.util.stream.Collectors.joining(", "));
        Result single = flinkJob(ref, false, records, 0);
        int pacedRecords = (int) Math.min(records, pacedRate * 10L);
        Result paced = flinkJob(ref, true, pacedRecords, 1_000_000_000L / pacedRate);
        int reached = (int) Math.max(1, Math.round(batched.meanBatch()));
        Result directN = directLoop(model, reached);
        System.out.println("threads by CPU in the batching run (from /proc): " + topThreads);
        print(batched, single, direct1, directN);
        System.out.printf(
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
        System.out.printf(
            "%-44s %10s %12s %10.1f %11.3f %11.3f %11.3f%n",
            String.format("Walnut batching, paced at %,d records/s", pacedRate),
            "-",
            "-",
            paced.meanBatch(),
            Result.percentile(paced.perRecord(), 0.5),
            Result.percentile(paced.perRecord(), 0.99),
            Result.percentile(paced.perCall(), 0.99));
      } finally {
        model.release();
        // this run's server is gone afterwards: its copy in the shared model cache is never reused
        deleteTree(dir);
      }
    }
  }

  /**
   * ONNX Runtime Java called directly in a loop on the same session: a {@code [batch, 50]} int64
   * tensor built from a {@code long[]}, outputs copied out. No Walnut code on the path.
   */
  private Result directLoop(OnnxModel model, int batch) throws Exception {
    SplittableRandom random = new SplittableRandom(1);
    int calls = Math.max(1, records / batch);
    for (int i = 0; i < Math.max(50, warmup / batch); i++) {
      directCall(model, random, batch);
    }
    long[] lat = new long[calls];
    long cpu = processCpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long t = System.nanoTime();
      directCall(model, random, batch);
      lat[i] = System.nanoTime() - t;
    }
    long wall = System.nanoTime() - start;
    return new Result(calls * batch, wall, processCpuNanos() - cpu, lat, lat, batch, 1);
  }

  private static void directCall(OnnxModel model, SplittableRandom random, int batch)
      throws Exception {
    long[] items = new long[batch * SEQ];
    for (int j = 0; j < items.length; j++) {
      items[j] = random.nextInt(1, ITEMS);
    }
    try (OnnxTensor in =
            OnnxTensor.createTensor(model.env(), LongBuffer.wrap(items), new long[] {batch, SEQ});
        OrtSession.Result out = model.run(Map.of("items", in))) {
      long[] top = ((OnnxTensor) out.get("top_items").orElseThrow()).getLongBuffer().array();
      float[] scores = ((OnnxTensor) out.get("top_scores").orElseThrow()).getFloatBuffer().array();
      if (top.length != batch * 20 || scores.length != batch * 20) {
        throw new IllegalStateException("unexpected output size " + top.length);
      }
    }
  }

  /** CPU time of the batcher's worker threads (the ONNX calls and the tensor conversions). */
  static long workerCpuNanos() {
    return threadCpuNanos("walnut-model-batcher-");
  }

  /** CPU time of the Flink task thread running the chain source → enricher → sink. */
  static long taskCpuNanos() {
    return threadCpuNanos("Source: Sequence Source");
  }

  private static long threadCpuNanos(String namePrefix) {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(namePrefix)) {
        sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
      }
    }
    return sum;
  }

  static final java.util.concurrent.atomic.AtomicLong WORKER_CPU =
      new java.util.concurrent.atomic.AtomicLong();
  static final Map<String, Long> THREADS_AT_START = new java.util.concurrent.ConcurrentHashMap<>();
  static final Map<String, Long> THREAD_DELTAS = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * CPU time (ms) per OS thread of this process, keyed by its name and id, from /proc (Linux):
   * unlike the JVM's thread bean it also sees GC, JIT and native threads. Empty elsewhere.
   */
  static Map<String, Long> threadCpu() {
    Map<String, Long> out = new java.util.HashMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (java.util.stream.Stream<Path> ids = Files.list(tasks)) {
      ids.forEach(
          dir -> {
            try {
              String stat = Files.readString(dir.resolve("stat"));
              String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
              String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
              long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
              out.put(name + "#" + dir.getFileName(), ticks * 10); // 100 ticks per second
            } catch (java.io.IOException | RuntimeException e) {
              // the thread ended meanwhile
            }
          });
    } catch (java.io.IOException e) {
      return out;
    }
    return out;
  }

  static final java.util.concurrent.atomic.AtomicLong TASK_CPU =
      new java.util.concurrent.atomic.AtomicLong();

  /** Process CPU time (all threads of this JVM, including Flink's and the batcher's). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * {@code mlflow-inference} in a Flink job at parallelism 1: sequence source → history of 50 items
   * → the enricher (through Flink's ordered async I/O, as the engine runs it, when batching; in a
   * map otherwise) → discarding sink. The first {@code --warmup} records warm up (the JIT compiles
   * Flink's and Walnut's paths meanwhile).
   */
  private Result flinkJob(ModelRef ref, boolean batching, int records, long pacingNanos)
      throws Exception {
    FLINK_SAMPLES.clear();
    BATCHES.clear();
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
      scored = ids.map(new Scoring(ref, warmup, records));
    }
    scored.name("mlflow-inference").sinkTo(new DiscardingSink<>());
    // every batch, with the time it ended; those of the measured window are picked afterwards
    // (checking a flag here would be one more branch flipping as the window starts, see Window)
    AutoCloseable observing =
        BatchedModel.observe(
            (size, nanos) -> BATCHES.add(new long[] {size, nanos, System.nanoTime()}));
    try {
      env.execute("walnut-bench-inference");
    } finally {
      observing.close();
    }
    long[] all = FLINK_SAMPLES.poll();
    if (all == null) {
      throw new IllegalStateException("the Flink job reported no measurements");
    }
    // all[0] wall time and all[1] process CPU time of the measured part, then per-record latencies
    long[] perRecord = Arrays.copyOfRange(all, 2, all.length);
    if (!batching) {
      return new Result(records, all[0], all[1], perRecord, perRecord, 1, 1);
    }
    List<long[]> inWindow =
        BATCHES.stream().filter(b -> b[2] >= WINDOW[0] && b[2] <= WINDOW[1]).toList();
    long[] perCall = inWindow.stream().mapToLong(b -> b[1]).toArray();
    long batched = inWindow.stream().mapToLong(b -> b[0]).sum();
    return new Result(records, all[0], all[1], perRecord, perCall, batched, perCall.length);
  }

  private static List<Long> history(SplittableRandom random) {
    List<Long> items = new ArrayList<>(SEQ);
    for (int i = 0; i < SEQ; i++) {
      items.add((long) random.nextInt(1, ITEMS));
    }
    return items;
  }

  private void print(Result batched, Result single, Result direct1, Result directN) {
    System.out.println();
    System.out.printf(
        "in-process ONNX, SASRec-sized (2 blocks, hidden %d, seq %d, %,d items, top-20), %,d"
            + " records, Flink parallelism 1%n",
        64, SEQ, ITEMS, records);
    System.out.printf(
        "%-44s %10s %12s %10s %11s %11s %11s%n",
        "", "records/s", "rec/CPU-s", "mean batch", "p50 ms/rec", "p99 ms/rec", "p99 ms/call");
    row("Walnut mlflow-inference, batching (async)", batched);
    row("Walnut mlflow-inference, batching off", single);
    row("reference: ORT Java direct loop, batch 1", direct1);
    row(
        String.format("reference: ORT Java direct loop, batch %d", directN.batchSizeOfCalls()),
        directN);
    System.out.printf(
        "ratio records/s (wall clock, swings with the box's load): Walnut batching / direct batch"
            + " 1: %.2f; / direct batch %d (like for like): %.2f; Walnut batching off / direct"
            + " batch 1: %.2f%n",
        batched.perSecond() / direct1.perSecond(),
        directN.batchSizeOfCalls(),
        batched.perSecond() / directN.perSecond(),
        single.perSecond() / direct1.perSecond());
    System.out.printf(
        "ratio records per CPU-second: Walnut batching / direct batch 1: %.2f; / direct batch %d"
            + " (like for like): %.2f; Walnut batching off / direct batch 1: %.2f%n",
        batched.perCpuSecond() / direct1.perCpuSecond(),
        directN.batchSizeOfCalls(),
        batched.perCpuSecond() / directN.perCpuSecond(),
        single.perCpuSecond() / direct1.perCpuSecond());
    System.out.println(
        "ms/rec: per record, from entering the enricher (Walnut) or the call (direct) to its"
            + " result; ms/call: one ONNX Runtime call (a whole batch). rec/CPU-s: records per"
            + " second of process CPU time (all JVM threads). Goals: p99 < 1 ms per call, >= 4,000"
            + " records/s per core, >= 0.8 x direct.");
  }

  private static void row(String label, Result r) {
    System.out.printf(
        "%-44s %,10.0f %,12.0f %10.1f %11.3f %11.3f %11.3f%n",
        label,
        r.perSecond(),
        r.perCpuSecond(),
        r.meanBatch(),
        Result.percentile(r.perRecord(), 0.5),
        Result.percentile(r.perRecord(), 0.99),
        Result.percentile(r.perCall(), 0.99));
  }

  /**
   * One measurement. {@code perRecord}: latency of each record (for a direct batch call, the
   * call's); {@code perCall}: latency of each model call; {@code batched}/{@code calls}: records
   * and calls, giving the mean batch.
   */
  private record Result(
      int count,
      long nanos,
      long cpuNanos,
      long[] perRecord,
      long[] perCall,
      long batched,
      long calls) {
    double perSecond() {
      return count / (nanos / 1e9);
    }

    double perCpuSecond() {
      return count / (cpuNanos / 1e9);
    }

    double meanBatch() {
      return calls == 0 ? 0 : (double) batched / calls;
    }

    int batchSizeOfCalls() {
      return (int) Math.round(meanBatch());
    }

    static double percentile(long[] latencies, double q) {
      if (latencies.length == 0) {
        return Double.NaN;
      }
      long[] s = latencies.clone();
      Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1e6;
    }
  }

  /** Batches served during a job (size, call nanos, end time). */
  static final ConcurrentLinkedQueue<long[]> BATCHES = new ConcurrentLinkedQueue<>();

  /** Start and end ({@link System#nanoTime}) of the last measured window. */
  static final long[] WINDOW = new long[2];

  /**
   * The measured window of a Flink job, records {@code warmup} to {@code warmup + measured - 1},
   * noted without a branch on the record index in the per-record path. Such a branch is never taken
   * during the warm-up and taken from the window's first record on, so C2 compiles it as a trap:
   * the compiled record path (the enricher, Walnut's batcher and Flink's async operator inlined
   * into it) is deoptimized as measuring starts and recompiled inside the window (JFR: {@code
   * unstable_if} in the harness's {@code asyncInvoke} and completion lambda at the first measured
   * record, then C2 recompiling {@code ModelInputs.evaluate}, {@code MicroBatcher.submit}, {@code
   * AsyncWaitOperator.addToWorkQueue}…: 300–800 ms of C2 CPU, 15–40 µs per measured record, which
   * the direct loop does not pay). A watcher thread, parked while the window runs, takes the
   * readings at its start; the last record's completion (a branch taken once, at the end) takes
   * those at its end.
   */
  static final class Window {
    private final int warmup;
    private final int total;
    private final long[] latencies;
    // [1]: the submit time of record `warmup`; [0] and [2] take the others' (no branch)
    private final java.util.concurrent.atomic.AtomicLongArray submits =
        new java.util.concurrent.atomic.AtomicLongArray(3);
    private final java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    private final Thread watcher;
    private long cpuStart;
    private long workerCpuStart;
    private long taskCpuStart;

    Window(int warmup, int measured) {
      this.warmup = warmup;
      this.total = warmup + measured;
      this.latencies = new long[total];
      this.watcher = new Thread(this::watch, "walnut-bench-window");
      watcher.setDaemon(true);
      watcher.start();
    }

    private void watch() {
      while (submits.get(1) == 0) {
        LockSupport.parkNanos(100_000);
      }
      cpuStart = processCpuNanos();
      workerCpuStart = workerCpuNanos();
      taskCpuStart = taskCpuNanos();
      THREADS_AT_START.clear();
      THREADS_AT_START.putAll(threadCpu());
    }

    /** Record {@code i} enters the enricher at {@code nanos}. */
    void submitted(long i, long nanos) {
      // 0 before the window, 1 for its first record, 2 after it
      int slot = (int) ((warmup - 1 - i) >>> 63) + (int) ((warmup - i) >>> 63);
      submits.lazySet(slot, nanos);
    }

    /** When the window's first record entered the enricher (0 until it has). */
    long start() {
      return submits.get(1);
    }

    /** Record {@code i} has its result after {@code latency} ns. */
    void completed(long i, long latency) {
      latencies[(int) i] = latency;
      if (done.incrementAndGet() == total) {
        finish();
      }
    }

    private void finish() {
      long end = System.nanoTime();
      long cpu = processCpuNanos();
      try {
        watcher.join(); // long done: the window takes seconds
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      long[] samples = new long[total - warmup + 2];
      samples[0] = end - start();
      samples[1] = cpu - cpuStart;
      System.arraycopy(latencies, warmup, samples, 2, total - warmup);
      WINDOW[0] = start();
      WINDOW[1] = end;
      WORKER_CPU.set(workerCpuNanos() - workerCpuStart);
      TASK_CPU.set(taskCpuNanos() - taskCpuStart);
      Map<String, Long> now = threadCpu();
      THREAD_DELTAS.clear();
      now.forEach((k, c) -> THREAD_DELTAS.put(k, c - THREADS_AT_START.getOrDefault(k, 0L)));
      FLINK_SAMPLES.add(samples);
    }
  }

  /**
   * The batching enricher in Flink's ordered async operator, timing each record from entering the
   * enricher to its result.
   */
  static final class AsyncScoring extends RichAsyncFunction<Long, Integer> {
    private static final long serialVersionUID = 1L;
    private final Enricher.Async enricher;
    private final int warmup;
    private final int measured;
    private final long pacingNanos;
    private transient SplittableRandom random;
    private transient Window window;

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
      window = new Window(warmup, measured);
    }

    @Override
    public void asyncInvoke(Long i, ResultFuture<Integer> result) {
      Variables v = Variables.ofInput(null, Map.of("items", history(random)));
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

  /** The enricher of {@code mlflow-inference} without batching, in a map, timing each call. */
  static final class Scoring extends RichMapFunction<Long, Integer> {
    private static final long serialVersionUID = 1L;
    private final ModelRef ref;
    private final int warmup;
    private final int measured;
    private transient Enricher.Sync enricher;
    private transient SplittableRandom random;
    private transient Window window;

    Scoring(ModelRef ref, int warmup, int measured) {
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
      window = new Window(warmup, measured);
    }

    @Override
    public Integer map(Long i) throws Exception {
      Variables v = Variables.ofInput(null, Map.of("items", history(random)));
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

  /** The {@code onnx-embed} enricher in a map, timing the measured part. */
  static final class Embedding extends RichMapFunction<String, Integer> {
    private static final long serialVersionUID = 1L;
    private final int warmup;
    private transient Enricher.Sync enricher;
    private transient int seen;
    private transient long start;

    Embedding(int warmup) {
      this.warmup = warmup;
    }

    @Override
    public void open(OpenContext context) throws Exception {
      enricher = OnnxEmbedComponent.enricher(new InputParameter());
      enricher.open(getRuntimeContext().getMetricGroup());
    }

    @Override
    public Integer map(String text) throws Exception {
      if (seen++ == warmup) {
        start = System.nanoTime();
      }
      return ((float[]) enricher.enrich(Variables.ofInput(null, text))).length;
    }

    @Override
    public void close() throws Exception {
      if (seen > warmup) {
        FLINK_SAMPLES.add(new long[] {System.nanoTime() - start});
      }
      if (enricher != null) {
        enricher.close();
      }
    }
  }

  /** {@code Text} = {@code #input}. */
  static final class InputParameter implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object evaluate(Variables context) {
      return context.input();
    }

    @Override
    public DataType type() {
      return DataType.STRING;
    }

    @Override
    public String expression() {
      return "#input";
    }
  }

  /** {@code Inputs} = {@code {items: #input.items}}, without the engine's SpEL. */
  static final class HistoryParameter implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object evaluate(Variables context) {
      return context.input();
    }

    @Override
    public DataType type() {
      return DataType.mapOf(DataType.UNKNOWN);
    }

    @Override
    public String expression() {
      return "#input";
    }
  }
}
