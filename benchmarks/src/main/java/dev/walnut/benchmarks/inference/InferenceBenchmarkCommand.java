package dev.walnut.benchmarks.inference;

import dev.walnut.benchmarks.BenchRunOptions;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.ModelServeProcess;
import dev.walnut.embedded.mlflow.PythonEnv;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.onnx.OnnxModel;
import dev.walnut.ml.serving.ModelRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./walnut bench inference}: (a) the in-process ONNX path of {@code mlflow-inference} with a
 * SASRec-sized model (2 blocks, hidden 64, sequence 50, 43,097 items, top-20 in the graph) inside a
 * Flink job, against the same model called directly through ONNX Runtime Java in a loop ({@link
 * InProcessPart}); (b) a pyfunc model on {@code mlflow models serve} through the micro-batching
 * client against one request per record ({@link ScoringServerPart}); (c) {@code onnx-embed} on
 * DataSQRL content texts in a Flink job against a plain loop ({@link EmbeddingPart}). Starts its
 * own MLflow server in a temporary directory. Each part prints its runs, then its result table.
 */
@Command(
    name = "inference",
    mixinStandardHelpOptions = true,
    description =
        "Benchmarks (a) in-process ONNX inference in a Flink job against a plain loop, (b) the"
            + " micro-batching scoring-server client against one request per record, (c) onnx-embed"
            + " against a plain loop.")
public final class InferenceBenchmarkCommand implements Callable<Integer> {
  private static final String MODEL = "bench-sasrec-sized";

  @Mixin BenchRunOptions options;

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

  private final PrintStream out = System.out;

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
    int runs = options.runs();
    List<ResultTable> tables = new ArrayList<>();
    PythonEnv python = PythonEnv.locate();
    if (parts.contains("a") || parts.contains("b")) {
      Path work = Files.createTempDirectory("walnut-bench-inference-");
      try {
        modelParts(python, work, runs, tables);
      } finally {
        deleteTree(work);
      }
    }
    if (parts.contains("c")) {
      Path file =
          content != null
              ? content
              : python
                  .projectRoot()
                  .resolve("../shared/data/datasqrl-clickstream/content.json.gz")
                  .normalize();
      tables.add(print(new EmbeddingPart(out).run(EmbeddingPart.Texts.read(file, texts), runs)));
    }
    return options.finish(out, tables.toArray(ResultTable[]::new));
  }

  private void modelParts(PythonEnv python, Path work, int runs, List<ResultTable> tables)
      throws Exception {
    try (MlflowServer server =
        MlflowServer.start(python, work.resolve("mlflow"), 0, Duration.ofMinutes(3))) {
      Path script = copyScript("log_sasrec_sized_model.py", work);
      out.println("building and logging the SASRec-sized model...");
      python.run(script, List.of(server.uri().toString(), MODEL), Duration.ofMinutes(10));
      ModelRef ref = ModelRef.alias(server.uri(), MODEL, "champion");
      if (parts.contains("a")) {
        tables.add(print(inProcess(server, ref, runs)));
      }
      if (parts.contains("b")) {
        tables.add(print(remote(python, server, work, runs)));
      }
    }
  }

  /** Part (a) on the model's ONNX session, loaded once for every run. */
  private ResultTable inProcess(MlflowServer server, ModelRef ref, int runs) throws Exception {
    try (MlflowClient client = MlflowClient.create(server.uri())) {
      Path dir = ModelCache.defaultCache().fetch(client, MODEL, "1");
      OnnxModel model =
          OnnxModel.load(dir.resolve("model.onnx"), MlModel.read(dir).onnxSessionOptions());
      try {
        return new InProcessPart(records, warmup, pacedRate, maxBatch, out).run(model, ref, runs);
      } finally {
        model.release();
        // this run's server is gone afterwards: its copy in the shared model cache is never reused
        deleteTree(dir);
      }
    }
  }

  /** Part (b) against {@code mlflow models serve} of a pyfunc model logged for it. */
  private ResultTable remote(PythonEnv python, MlflowServer server, Path work, int runs)
      throws Exception {
    Path script = copyScript("log_pyfunc_model.py", work);
    String logged =
        python.run(script, List.of(server.uri().toString(), "bench-pyfunc"), Duration.ofMinutes(5));
    String version = logged.substring(logged.lastIndexOf("version ") + "version ".length()).trim();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (ModelServeProcess serve =
        ModelServeProcess.start(
            python, server.uri(), "models:/bench-pyfunc/" + version, port, Duration.ofMinutes(3))) {
      return new ScoringServerPart(out).run(serve, Math.max(200, records / 10), runs);
    }
  }

  private ResultTable print(ResultTable table) {
    out.println();
    out.print(table.render());
    return table;
  }

  /** Copies one of ml-runtime-bridge's Python scripts out of its jar into {@code dir}. */
  private static Path copyScript(String name, Path dir) throws IOException {
    Path script = dir.resolve(name);
    try (InputStream in = InferenceBenchmarkCommand.class.getResourceAsStream("/python/" + name)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource /python/"
                + name
                + " is missing: walnut-ml-runtime-bridge must be on the classpath");
      }
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  /** Deletes a directory tree; what cannot be deleted is left (a benchmark's scratch space). */
  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
