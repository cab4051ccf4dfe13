package dev.walnut.engine.testrun;

import dev.walnut.api.json.JsonValues;
import dev.walnut.engine.compile.CompileOptions;
import dev.walnut.engine.compile.CompiledJob;
import dev.walnut.engine.compile.FlinkCompiler;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.NodeType;
import dev.walnut.engine.validation.ValidationResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs a valid scenario on bounded test input in a local Flink cluster: named sources read JSON
 * lines from files, sinks are captured instead of writing, and every node's records in and out are
 * counted. The same compilation path as deployment, so what a test run shows is what runs.
 */
public final class TestRunner {
  private final FlinkCompiler compiler = new FlinkCompiler();

  public TestRunResult run(
      ValidationResult validated, Map<String, Path> inputs, Map<String, String> propertyOverrides)
      throws Exception {
    checkInputs(validated, inputs);
    try (LocalFlinkCluster cluster =
        LocalFlinkCluster.start(0, Math.max(4, validated.scenario().metaData().parallelism()))) {
      return run(validated, inputs, propertyOverrides, cluster);
    }
  }

  /**
   * Runs on a cluster the caller already started (and stops), so that many test runs share one
   * cluster instead of starting one each.
   */
  public TestRunResult run(
      ValidationResult validated,
      Map<String, Path> inputs,
      Map<String, String> propertyOverrides,
      LocalFlinkCluster cluster)
      throws Exception {
    checkInputs(validated, inputs);
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createRemoteEnvironment("127.0.0.1", cluster.restPort());
    CompiledJob job =
        compiler.compile(validated, env, CompileOptions.testRun(propertyOverrides, inputs));
    Map<String, CloseableIterator<String>> iterators = new LinkedHashMap<>();
    job.sinkOutputs().forEach((id, stream) -> iterators.put(id, stream.collectAsync()));
    DataStream<String> errorStream = job.errors();
    CloseableIterator<String> errorIt = errorStream == null ? null : errorStream.collectAsync();
    JobClient client = env.executeAsync("test-run " + job.jobName());
    // each collect sink must be drained concurrently, or a full one stalls the job
    Map<String, CompletableFuture<List<String>>> drained = new LinkedHashMap<>();
    iterators.forEach((id, it) -> drained.put(id, CompletableFuture.supplyAsync(() -> drain(it))));
    CompletableFuture<List<String>> errors =
        errorIt == null
            ? CompletableFuture.completedFuture(List.of())
            : CompletableFuture.supplyAsync(() -> drain(errorIt));
    JobExecutionResult result;
    try {
      result = client.getJobExecutionResult().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("the test run failed: " + rootMessage(e), e);
    }
    Map<String, List<String>> outputs = new LinkedHashMap<>();
    for (Map.Entry<String, CompletableFuture<List<String>>> e : drained.entrySet()) {
      outputs.put(e.getKey(), e.getValue().get());
    }
    Map<String, TestRunResult.NodeCounts> counts = new LinkedHashMap<>();
    for (String id : job.nodeIds()) {
      counts.put(
          id,
          new TestRunResult.NodeCounts(
              counter(result, CompiledJob.inCounter(id)),
              counter(result, CompiledJob.outCounter(id))));
    }
    Map<String, List<String>> records = new LinkedHashMap<>();
    for (String id : job.nodeIds()) {
      records.put(id, samples(result, CompiledJob.sampleAccumulator(id)));
    }
    return new TestRunResult(outputs, errors.get(), counts, records);
  }

  private static void checkInputs(ValidationResult validated, Map<String, Path> inputs) {
    for (Map.Entry<String, Path> e : inputs.entrySet()) {
      if (validated
          .scenario()
          .node(e.getKey())
          .filter(n -> n.kind() == NodeType.SOURCE)
          .isEmpty()) {
        throw new IllegalArgumentException(
            "--input names `" + e.getKey() + "`, which is not a source node of the scenario");
      }
      if (!Files.isReadable(e.getValue())) {
        throw new IllegalArgumentException(
            "test input for `" + e.getKey() + "` is not a readable file: " + e.getValue());
      }
    }
  }

  /**
   * Writes {@code <sink id>.jsonl} per sink, {@code errors.jsonl}, {@code nodes.json} (records in
   * and out per node) and {@code records.jsonl} ({@code {"node":…,"variables":…}} per sampled
   * record).
   */
  public static void writeTo(TestRunResult result, Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, List<String>> e : result.sinkOutputs().entrySet()) {
      writeLines(dir.resolve(e.getKey() + ".jsonl"), e.getValue());
    }
    writeLines(dir.resolve("errors.jsonl"), result.errors());
    List<String> records = new ArrayList<>();
    result
        .records()
        .forEach(
            (id, samples) ->
                samples.forEach(
                    json ->
                        records.add(
                            "{\"node\":" + JsonValues.write(id) + ",\"variables\":" + json + "}")));
    writeLines(dir.resolve("records.jsonl"), records);
    Map<String, Object> nodes = new LinkedHashMap<>();
    result.counts().forEach((id, c) -> nodes.put(id, Map.of("in", c.in(), "out", c.out())));
    Files.writeString(
        dir.resolve("nodes.json"),
        JsonValues.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(nodes) + "\n");
  }

  private static void writeLines(Path file, List<String> lines) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String l : lines) {
        w.write(l);
        w.write('\n');
      }
    }
  }

  /** A node's sampled records; a join's branches each sample, so the list is cut to the limit. */
  private static List<String> samples(JobExecutionResult result, String name) {
    Object v = result.getAllAccumulatorResults().get(name);
    if (!(v instanceof List<?> list)) {
      return List.of();
    }
    return list.stream().limit(CompiledJob.SAMPLE_LIMIT).map(String::valueOf).toList();
  }

  private static long counter(JobExecutionResult result, String name) {
    Object v = result.getAllAccumulatorResults().get(name);
    return v instanceof Number n ? n.longValue() : 0L;
  }

  private static List<String> drain(CloseableIterator<String> it) {
    List<String> out = new ArrayList<>();
    try (it) {
      while (it.hasNext()) {
        out.add(it.next());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot read test-run output: " + e.getMessage(), e);
    }
    return Collections.unmodifiableList(out);
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r.getMessage() == null ? r.toString() : r.getMessage();
  }
}
