package dev.walnut.cli;

import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "validate",
    description =
        "Validates a scenario; prints the errors per node and parameter. Exit 0 when valid, 1 when not.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "SCENARIO.json")
  Path scenario;

  @Override
  public Integer call() {
    Optional<ValidationResult> result = Scenarios.load(scenario, System.out);
    if (result.isEmpty()) {
      return 1;
    }
    if (!result.get().isValid()) {
      Scenarios.printErrors(result.get(), System.out);
      return 1;
    }
    System.out.println(
        "scenario `"
            + result.get().scenario().id()
            + "` is valid ("
            + result.get().scenario().allNodes().size()
            + " nodes)");
    return 0;
  }
}
