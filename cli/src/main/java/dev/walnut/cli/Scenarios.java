package dev.walnut.cli;

import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioFormatException;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Reading and validating a scenario file for the commands, with messages for people. */
final class Scenarios {
  private Scenarios() {}

  /** The validation result, or empty after printing why the file cannot be read. */
  static Optional<ValidationResult> load(Path file, PrintStream err) {
    return load(file, Map.of(), err);
  }

  /** The same, with scenario properties overridden as the run will override them. */
  static Optional<ValidationResult> load(
      Path file, Map<String, String> propertyOverrides, PrintStream err) {
    if (!Files.isRegularFile(file)) {
      err.println("error: scenario file " + file + " does not exist");
      return Optional.empty();
    }
    Scenario scenario;
    try {
      scenario = ScenarioJson.read(file);
    } catch (ScenarioFormatException e) {
      err.println("error: " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    return Optional.of(
        new ScenarioValidator(ComponentRegistry.load()).validate(scenario, propertyOverrides));
  }

  static void printErrors(ValidationResult result, PrintStream out) {
    out.println(
        "scenario `"
            + result.scenario().id()
            + "` is invalid ("
            + result.errors().size()
            + (result.errors().size() == 1 ? " error):" : " errors):"));
    result.errors().forEach(e -> out.println("  " + e));
  }
}
