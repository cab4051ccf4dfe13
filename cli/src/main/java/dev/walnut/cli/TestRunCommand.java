package dev.walnut.cli;

import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "test-run",
    description =
        "Runs a scenario on bounded input: each named source reads JSON lines (plain or .gz); each"
            + " sink's records go to DIR/<sink id>.jsonl, per-node counts to DIR/nodes.json and"
            + " per-record errors to DIR/errors.jsonl.")
final class TestRunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.json")
  Path scenario;

  @Option(
      names = "--input",
      paramLabel = "NODE_ID=FILE",
      description = "Test input of a source node; repeatable.")
  List<String> inputs = List.of();

  @Option(
      names = "--output",
      paramLabel = "DIR",
      required = true,
      description = "Where results are written.")
  Path output;

  @Option(
      names = "--property",
      paramLabel = "KEY=VALUE",
      description = "Overrides a scenario property; repeatable.")
  Map<String, String> properties = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    Optional<ValidationResult> result = Scenarios.load(scenario, properties, System.out);
    if (result.isEmpty()) {
      return 1;
    }
    if (!result.get().isValid()) {
      Scenarios.printErrors(result.get(), System.out);
      return 1;
    }
    Map<String, Path> files = new LinkedHashMap<>();
    for (String in : inputs) {
      int eq = in.indexOf('=');
      if (eq <= 0) {
        System.out.println("error: --input must be NODE_ID=FILE, got `" + in + "`");
        return 2;
      }
      files.put(in.substring(0, eq), Path.of(in.substring(eq + 1)));
    }
    long start = System.nanoTime();
    TestRunResult run;
    try {
      run = new TestRunner().run(result.get(), files, properties);
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.out.println("error: " + e.getMessage());
      return 1;
    }
    TestRunner.writeTo(run, output);
    System.out.printf(
        "test run of `%s` finished in %.1f s; results in %s%n",
        result.get().scenario().id(), (System.nanoTime() - start) / 1e9, output);
    System.out.printf("  %-32s %12s %12s%n", "node", "in", "out");
    run.counts().forEach((id, c) -> System.out.printf("  %-32s %12d %12d%n", id, c.in(), c.out()));
    if (!run.errors().isEmpty()) {
      System.out.println(
          "  " + run.errors().size() + " records failed: see " + output.resolve("errors.jsonl"));
    }
    return 0;
  }
}
