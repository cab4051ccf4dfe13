package dev.walnut.cli;

import dev.walnut.benchmarks.BenchmarkResult;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options every Flink benchmark shares: runs, checkpoint interval, a closing JSON line. */
final class BenchRunOptions {
  @Option(
      names = "--json",
      description = "End with one JSON line: name, walnut_per_s, reference_per_s, ratio.")
  boolean json;

  @Option(
      names = "--runs",
      defaultValue = "2",
      description = "Runs of each system, alternating which goes first. Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      description = "Checkpoint interval of both jobs (ISO-8601). Default: see the benchmark.")
  Duration checkpointInterval;

  /** Prints the JSON line when asked; the exit code of a finished benchmark. */
  int finish(BenchmarkResult result) {
    if (json) {
      System.out.println(result.toJsonLine());
    }
    return 0;
  }
}
