package dev.walnut.cli;

import dev.walnut.benchmarks.collector.CollectorBenchmarkCommand;
import dev.walnut.benchmarks.covisit.CoVisitBenchmarkCommand;
import dev.walnut.benchmarks.designer.ValidateBenchmark;
import dev.walnut.benchmarks.inference.InferenceBenchmarkCommand;
import dev.walnut.benchmarks.kafkafilter.KafkaFilterBenchmarkCommand;
import dev.walnut.benchmarks.shopify.ShopifyBenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./walnut bench NAME}: mounts the benchmarks of the {@code benchmarks} module. Each prints
 * Walnut beside its reference, measured in the same runs on this machine, through the shared result
 * table (median, best and worst of {@code --runs}, default 3; goals judged on the median).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description =
        "Runs a benchmark and prints Walnut beside its reference, measured in the same runs on this"
            + " machine: median, best and worst of --runs (default 3), goals judged on the median.",
    subcommands = {
      KafkaFilterBenchmarkCommand.class,
      CoVisitBenchmarkCommand.class,
      CollectorBenchmarkCommand.class,
      dev.walnut.benchmarks.collector.CollectorFuzzCommand.class,
      dev.walnut.benchmarks.faults.FaultsBenchmarkCommand.class,
      ValidateBenchmark.class,
      ShopifyBenchmarkCommand.class,
      InferenceBenchmarkCommand.class,
      dev.walnut.benchmarks.pipeline.PipelineBenchmarkCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
