package dev.walnut.engine.compile;

import java.nio.file.Path;
import java.util.Map;

/**
 * How to compile: scenario property overrides (e.g. {@code kafka.bootstrap.servers} from the
 * command line) and, for test runs, the JSON-lines file that replaces each named source.
 *
 * @param testInputs null for a production job; for a test run, source node id → file (plain or
 *     {@code .gz}); sources not named read nothing
 */
public record CompileOptions(Map<String, String> propertyOverrides, Map<String, Path> testInputs) {
  public CompileOptions {
    propertyOverrides = Map.copyOf(propertyOverrides);
    testInputs = testInputs == null ? null : Map.copyOf(testInputs);
  }

  public static CompileOptions production(Map<String, String> propertyOverrides) {
    return new CompileOptions(propertyOverrides, null);
  }

  public static CompileOptions testRun(
      Map<String, String> propertyOverrides, Map<String, Path> inputs) {
    return new CompileOptions(propertyOverrides, inputs);
  }

  public boolean isTestRun() {
    return testInputs != null;
  }
}
