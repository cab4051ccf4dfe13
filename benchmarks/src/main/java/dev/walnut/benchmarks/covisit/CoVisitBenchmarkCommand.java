package dev.walnut.benchmarks.covisit;

import dev.walnut.benchmarks.BenchRunOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./walnut bench covisit}: {@link CoVisitBenchmark} from the command line. */
@Command(
    name = CoVisitBenchmark.NAME,
    mixinStandardHelpOptions = true,
    description =
        "The co-visit scenario vs the DataSQRL query as Flink SQL, on the same replayed clicks, in"
            + " the same runs.")
public final class CoVisitBenchmarkCommand implements Callable<Integer> {
  @Mixin BenchRunOptions options;

  @Option(
      names = "--copies",
      defaultValue = "101",
      description =
          "Renamed copies of the clickstream (101: 2,005,355 clicks). Default: ${DEFAULT-VALUE}.")
  int copies;

  @Option(
      names = "--clickstream",
      description =
          "Clicks as JSON lines. Default: ../shared/data/datasqrl-clickstream/clickstream.json.gz")
  Path clickstream;

  @Option(names = "--scenario", description = "Default: scenarios/datasqrl-covisit.json")
  Path scenario;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      description =
          "Checkpoint interval of both jobs (ISO-8601). Default: ${DEFAULT-VALUE}, longer than a"
              + " run, so neither job pauses for checkpoints.")
  Duration checkpointInterval;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("walnut.home", "."));
    CoVisitBenchmark benchmark =
        CoVisitBenchmark.builder(
                clickstream != null
                    ? clickstream
                    : home.resolve("../shared/data/datasqrl-clickstream/clickstream.json.gz"),
                scenario != null ? scenario : home.resolve("scenarios/datasqrl-covisit.json"))
            .copies(copies)
            .runs(options.runs())
            .checkpointInterval(checkpointInterval)
            .build();
    return options.finish(System.out, benchmark.run(System.out));
  }
}
