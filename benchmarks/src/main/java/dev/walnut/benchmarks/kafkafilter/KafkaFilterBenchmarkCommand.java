package dev.walnut.benchmarks.kafkafilter;

import dev.walnut.benchmarks.BenchRunOptions;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./walnut bench kafka-filter}: {@link KafkaFilterBenchmark} from the command line. */
@Command(
    name = KafkaFilterBenchmark.NAME,
    mixinStandardHelpOptions = true,
    description =
        "A filter scenario (kafka → JSON → filter → kafka) vs the same job hand-written on Flink's"
            + " DataStream API (object reuse on), in the same runs.")
public final class KafkaFilterBenchmarkCommand implements Callable<Integer> {
  @Mixin BenchRunOptions options;

  @Option(
      names = "--records",
      defaultValue = "2000000",
      description = "Input records. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "PT10S",
      description = "Checkpoint interval of both jobs (ISO-8601). Default: ${DEFAULT-VALUE}.")
  Duration checkpointInterval;

  @Override
  public Integer call() throws Exception {
    KafkaFilterBenchmark benchmark =
        KafkaFilterBenchmark.builder()
            .records(records)
            .runs(options.runs())
            .checkpointInterval(checkpointInterval)
            .build();
    return options.finish(System.out, benchmark.run(System.out));
  }
}
