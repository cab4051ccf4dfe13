package dev.walnut.cli;

import dev.walnut.benchmarks.kafkafilter.KafkaFilterBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = KafkaFilterBenchmark.NAME,
    description =
        "A filter scenario (kafka → JSON → filter → kafka) vs the same job hand-written on Flink's"
            + " DataStream API. Checkpoint interval default: PT10S.")
final class KafkaFilterBenchCommand implements Callable<Integer> {
  @Mixin BenchRunOptions options;

  @Option(
      names = "--records",
      defaultValue = "2000000",
      description = "Input records. Default: ${DEFAULT-VALUE}.")
  long records;

  @Override
  public Integer call() throws Exception {
    KafkaFilterBenchmark.Builder b =
        KafkaFilterBenchmark.builder().records(records).runs(options.runs);
    if (options.checkpointInterval != null) {
      b.checkpointInterval(options.checkpointInterval);
    }
    return options.finish(b.build().run(System.out));
  }
}
