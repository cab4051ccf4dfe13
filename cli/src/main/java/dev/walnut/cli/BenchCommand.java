package dev.walnut.cli;

import dev.walnut.benchmarks.BenchmarkResult;
import dev.walnut.benchmarks.covisit.CoVisitBenchmark;
import dev.walnut.benchmarks.kafkafilter.KafkaFilterBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "bench",
    description =
        "Runs a benchmark and prints a table of Walnut beside its reference, both measured in this"
            + " run on this machine: kafka-filter (a scenario vs a hand-written Flink job) or"
            + " covisit (the co-visit scenario vs the DataSQRL query as Flink SQL).")
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "kafka-filter or covisit.")
  String name;

  @Option(
      names = "--json",
      description = "End with one JSON line: name, walnut_per_s, reference_per_s, ratio.")
  boolean json;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      description =
          "Checkpoint interval of both jobs (ISO-8601). Default: PT10S for kafka-filter; PT10M for covisit, longer than a run, so neither job pauses for checkpoints.")
  Duration checkpointInterval;

  @Option(
      names = "--runs",
      defaultValue = "2",
      description = "Runs of each system, alternating which goes first. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--records",
      defaultValue = "2000000",
      description = "kafka-filter: input records. Default: ${DEFAULT-VALUE}.")
  long records;

  @Option(
      names = "--copies",
      defaultValue = "101",
      description =
          "covisit: renamed copies of the clickstream (101: 2,005,355 clicks). Default: ${DEFAULT-VALUE}.")
  int copies;

  @Option(
      names = "--clickstream",
      description =
          "covisit: clicks as JSON lines. Default: ../shared/data/datasqrl-clickstream/clickstream.json.gz")
  Path clickstream;

  @Option(
      names = "--scenario",
      description = "covisit: Walnut's scenario. Default: scenarios/datasqrl-covisit.json")
  Path scenario;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("walnut.home", "."));
    BenchmarkResult result;
    try {
      result =
          switch (name) {
            case KafkaFilterBenchmark.NAME -> {
              KafkaFilterBenchmark.Builder b =
                  KafkaFilterBenchmark.builder().records(records).runs(runs);
              if (checkpointInterval != null) {
                b.checkpointInterval(checkpointInterval);
              }
              yield b.build().run(System.out);
            }
            case CoVisitBenchmark.NAME -> {
              CoVisitBenchmark.Builder b =
                  CoVisitBenchmark.builder(
                          clickstream != null
                              ? clickstream
                              : home.resolve(
                                  "../shared/data/datasqrl-clickstream/clickstream.json.gz"),
                          scenario != null
                              ? scenario
                              : home.resolve("scenarios/datasqrl-covisit.json"))
                      .copies(copies)
                      .runs(runs);
              if (checkpointInterval != null) {
                b.checkpointInterval(checkpointInterval);
              }
              yield b.build().run(System.out);
            }
            default -> null;
          };
    } catch (IllegalArgumentException e) {
      System.out.println("error: " + e.getMessage());
      return 1;
    }
    if (result == null) {
      System.out.println(
          "error: unknown benchmark `"
              + name
              + "`; choose "
              + KafkaFilterBenchmark.NAME
              + " or "
              + CoVisitBenchmark.NAME);
      return 1;
    }
    if (json) {
      System.out.println(result.toJsonLine());
    }
    return 0;
  }
}
