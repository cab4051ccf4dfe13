package dev.walnut.cli;

import dev.walnut.benchmarks.BenchmarkResult;
import dev.walnut.benchmarks.kafkafilter.KafkaFilterBenchmark;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    description =
        "Runs a benchmark and prints a table of Walnut beside its reference, both measured in this"
            + " run on this machine: kafka-filter (scenario vs a hand-written Flink job) or covisit"
            + " (co-visit scenario vs the DataSQRL query as Flink SQL).")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "kafka-filter or covisit.")
  String name;

  @Option(names = "--json", description = "Ends with one JSON line: name, walnut_per_s, reference_per_s, ratio.")
  boolean json;

  @Option(names = "--records", defaultValue = "2000000", description = "kafka-filter: input records. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(names = "--runs", defaultValue = "2", description = "Runs of each system (alternating which goes first). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Override
  public Integer call() throws Exception {
    BenchmarkResult result;
    switch (name) {
      case KafkaFilterBenchmark.NAME -> result = KafkaFilterBenchmark.of(records, runs).run(System.out);
      default -> {
        System.out.println("error: unknown benchmark `" + name + "`; choose kafka-filter or covisit");
        return 1;
      }
    }
    if (json) {
      System.out.println(result.toJsonLine());
    }
    return 0;
  }
}
