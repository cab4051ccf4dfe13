package dev.walnut.benchmarks.pipeline;

import dev.walnut.benchmarks.BenchOptions;
import dev.walnut.benchmarks.BenchRunOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./walnut bench pipeline}: {@link PipelineBenchmark} from the command line. */
@Command(
    name = PipelineBenchmark.NAME,
    mixinStandardHelpOptions = true,
    description =
        "The main flow end to end (tracker POSTs → collector → Kafka → clickstream-recommendations"
            + " with in-process ONNX → Kafka) vs the same job hand-written on Flink's DataStream API,"
            + " in the same runs: views/s and p50/p99 latency at --rate.")
public final class PipelineBenchmarkCommand implements Callable<Integer> {
  @Mixin BenchRunOptions options;

  @Option(
      names = "--events",
      defaultValue = "20000",
      description = "Views pre-loaded for the throughput phase. Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(
      names = "--rate",
      defaultValue = "5000",
      description =
          "Views/s offered through the collector in the latency phase. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(
      names = "--latency-duration",
      defaultValue = "PT10S",
      description = "How long the rate is offered. Default: ${DEFAULT-VALUE}.")
  Duration latencyDuration;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of both jobs. Default: ${DEFAULT-VALUE}.")
  int parallelism;

  @Option(
      names = "--train-steps",
      defaultValue = "5",
      description = "Training steps of the production-size model. Default: ${DEFAULT-VALUE}.")
  int trainSteps;

  @Override
  public Integer call() throws Exception {
    PipelineBenchmark benchmark =
        new PipelineBenchmark(
            (int) BenchOptions.atLeastOne("events", events),
            options.runs(),
            (int) BenchOptions.atLeastOne("rate", rate),
            latencyDuration,
            (int) BenchOptions.atLeastOne("parallelism", parallelism),
            (int) BenchOptions.atLeastOne("train-steps", trainSteps));
    return options.finish(System.out, benchmark.run(System.out));
  }
}
