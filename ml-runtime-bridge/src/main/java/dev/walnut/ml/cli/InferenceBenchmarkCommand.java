package dev.walnut.ml.cli;

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
import dev.walnut.ml.serving.ModelRef;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.util.zip.GZIPInputStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

      // reference: ONNX Runtime Java in a plain loop, same model file and session options
      Result direct = null;
      try (dev.walnut.ml.mlflow.MlflowClient client =
          dev.walnut.ml.mlflow.MlflowClient.create(server.uri())) {
        Path dir = ModelCache.defaultCache().fetch(client, MODEL, "1");
        OnnxModel model =
            OnnxModel.load(dir.resolve("model.onnx"), MlModel.read(dir).onnxSessionOptions());
        try {
          if (parts.contains("a")) {
            direct = directLoop(model);
          }
        } finally {
          model.release();
        }
      }
      if (parts.contains("a")) {
        print(flinkJob(ref), direct);
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

  private Result directLoop(OnnxModel model) {
    SplittableRandom random = new SplittableRandom(1);
    for (int i = 0; i < 500; i++) {
      model.predict(Map.of("items", history(random)));
    }
    long[] lat = new long[records];
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      Map<String, Object> in = Map.of("items", history(random));
      long t = System.nanoTime();
      model.predict(in);
      lat[i] = System.nanoTime() - t;
    }
    return new Result(records, System.nanoTime() - start, lat);
  }

  private Result flinkJob(ModelRef ref) throws Exception {
    FLINK_SAMPLES.clear();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    env.fromSequence(0, records + 499L)
        .map(new Scoring(ref))
        .name("mlflow-inference")
        .sinkTo(new DiscardingSink<>());
    env.execute("walnut-bench-inference");
    long[] all = FLINK_SAMPLES.poll();
    if (all == null) {
      throw new IllegalStateException("the Flink job reported no measurements");
    }
    // all[0] is the wall time of the measured part; the rest are per-call latencies
    return new Result(records, all[0], Arrays.copyOfRange(all, 1, all.length));
  }

  private static List<Long> history(SplittableRandom random) {
    List<Long> items = new ArrayList<>(SEQ);
    for (int i = 0; i < SEQ; i++) {
      items.add((long) random.nextInt(1, ITEMS));
    }
    return items;
  }

  private void print(Result flink, Result direct) {
    System.out.println();
    System.out.printf(
        "in-process ONNX, SASRec-sized (2 blocks, hidden %d, seq %d, %,d items, top-20), %,d"
            + " records, 1 core%n",
        64, SEQ, ITEMS, records);
    System.out.printf("%-38s %14s %12s %12s%n", "", "records/s", "p50 ms/call", "p99 ms/call");
    System.out.printf(
        "%-38s %,14.0f %12.3f %12.3f%n",
        "Walnut mlflow-inference in Flink", flink.perSecond(), flink.p(0.5), flink.p(0.99));
    System.out.printf(
        "%-38s %,14.0f %12.3f %12.3f%n",
        "reference: ORT Java direct loop", direct.perSecond(), direct.p(0.5), direct.p(0.99));
    System.out.printf(
        "ratio Walnut/direct: %.2f (goal >= 0.8); goals p99 < 1 ms, >= 4,000 records/s/core%n",
        flink.perSecond() / direct.perSecond());
  }

  private record Result(int count, long nanos, long[] latencies) {
    double perSecond() {
      return count / (nanos / 1e9);
    }

    double p(double q) {
      long[] s = latencies.clone();
      Arrays.sort(s);
      return s[(int) Math.min(s.length - 1, Math.floor(q * s.length))] / 1e6;
    }
  }

  /** The enricher of {@code mlflow-inference} in a map, timing each call. */
  static final class Scoring extends RichMapFunction<Long, Integer> {
    private static final long serialVersionUID = 1L;
    private final ModelRef ref;
    private transient Enricher.Sync enricher;
    private transient SplittableRandom random;
    private transient long[] samples;
    private transient int seen;
    private transient long start;

    Scoring(ModelRef ref) {
      this.ref = ref;
    }

    @Override
    public void open(OpenContext context) throws Exception {
      enricher =
          MlflowInferenceComponent.enricher(ref, new HistoryParameter(), Duration.ofSeconds(10));
      enricher.open(getRuntimeContext().getMetricGroup());
      random = new SplittableRandom(1);
      samples = new long[0];
    }

    @Override
    public Integer map(Long i) throws Exception {
      Variables v = Variables.ofInput(null, Map.of("items", history(random)));
      long t = System.nanoTime();
      Map<?, ?> out = (Map<?, ?>) enricher.enrich(v);
      long d = System.nanoTime() - t;
      if (i == 499) {
        start = System.nanoTime(); // after warm-up
        samples = new long[1];
      } else if (i >= 500) {
        if (seen + 1 >= samples.length) {
          samples = Arrays.copyOf(samples, Math.max(1024, samples.length * 2));
        }
        samples[++seen] = d;
      }
      return out.size();
    }

    @Override
    public void close() throws Exception {
      if (seen > 0) {
        long[] report = Arrays.copyOf(samples, seen + 1);
        report[0] = System.nanoTime() - start;
        FLINK_SAMPLES.add(report);
      }
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
