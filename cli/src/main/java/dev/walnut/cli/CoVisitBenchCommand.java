package dev.walnut.cli;

import dev.walnut.benchmarks.covisit.CoVisitBenchmark;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = CoVisitBenchmark.NAME,
    description =
        "The co-visit scenario vs the DataSQRL query as Flink SQL, on the same replayed clicks."
            + " Checkpoint interval default: PT10M, longer than a run, so neither job pauses.")
final class CoVisitBenchCommand implements Callable<Integer> {
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

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("walnut.home", "."));
    CoVisitBenchmark.Builder b =
        CoVisitBenchmark.builder(
                clickstream != null
                    ? clickstream
                    : home.resolve("../shared/data/datasqrl-clickstream/clickstream.json.gz"),
                scenario != null ? scenario : home.resolve("scenarios/datasqrl-covisit.json"))
            .copies(copies)
            .runs(options.runs);
    if (options.checkpointInterval != null) {
      b.checkpointInterval(options.checkpointInterval);
    }
    return options.finish(b.build().run(System.out));
  }
}
