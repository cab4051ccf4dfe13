package dev.walnut.cli;

import dev.walnut.designer.bench.ValidateBenchmark;
import dev.walnut.ml.cli.InferenceBenchmarkCommand;
import dev.walnut.shopify.bench.ShopifyBenchmarkCommand;
import dev.walnut.snowplow.cli.CollectorBenchmarkCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./walnut bench NAME}: every benchmark prints a table of Walnut beside its reference, both
 * measured in this run on this machine. Each benchmark is a subcommand with its own options.
 */
@Command(
    name = "bench",
    description =
        "Runs a benchmark and prints a table of Walnut beside its reference, both measured in this"
            + " run on this machine.",
    subcommands = {
      KafkaFilterBenchCommand.class,
      CoVisitBenchCommand.class,
      CollectorBenchmarkCommand.class,
      ValidateBenchmark.class,
      ShopifyBenchmarkCommand.class,
      InferenceBenchmarkCommand.class
    })
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
