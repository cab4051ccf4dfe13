package dev.walnut.testkit.scenario;

import dev.walnut.api.json.JsonValues;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Test-runs a scenario on records given in the test, on the {@link SharedFlinkCluster}, through the
 * engine's {@link TestRunner} (the same path as {@code ./walnut test-run}):
 *
 * <pre>{@code
 * ScenarioTestResult result =
 *     ScenarioTestRun.of(scenario)
 *         .input("transactions", Map.of("amount", 30), Map.of("amount", 10))
 *         .run();
 * assertThat(result.records("audit")).containsExactly(Map.of("amount", 30));
 * }</pre>
 *
 * An invalid scenario fails the run with its validation errors listed.
 */
public final class ScenarioTestRun {
  private static ComponentRegistry registry;

  private final Scenario scenario;
  private final Map<String, List<String>> lines = new LinkedHashMap<>();
  private final Map<String, Path> files = new LinkedHashMap<>();
  private final Map<String, String> properties = new LinkedHashMap<>();

  private ScenarioTestRun(Scenario scenario) {
    this.scenario = scenario;
  }

  public static ScenarioTestRun of(Scenario scenario) {
    return new ScenarioTestRun(scenario);
  }

  /** The scenario in a Nussknacker JSON file. */
  public static ScenarioTestRun of(Path scenarioJson) {
    return new ScenarioTestRun(ScenarioJson.read(scenarioJson));
  }

  /** Validates a scenario against the components on the classpath. */
  public static ValidationResult validate(Scenario scenario) {
    return new ScenarioValidator(registry()).validate(scenario);
  }

  /** Validates with scenario properties overridden as a run with {@code properties} would. */
  public static ValidationResult validate(Scenario scenario, Map<String, String> properties) {
    return new ScenarioValidator(registry()).validate(scenario, properties);
  }

  private static synchronized ComponentRegistry registry() {
    if (registry == null) {
      registry = ComponentRegistry.load();
    }
    return registry;
  }

  /** Records the source reads, in order, each written as one JSON line (maps, lists, numbers…). */
  public ScenarioTestRun input(String sourceId, Object... records) {
    return input(sourceId, List.of(records));
  }

  /** Records the source reads, in order, each written as one JSON line. */
  public ScenarioTestRun input(String sourceId, List<?> records) {
    List<String> json = new ArrayList<>(records.size());
    records.forEach(r -> json.add(JsonValues.write(r)));
    return inputLines(sourceId, json);
  }

  /** Lines the source reads as they are, e.g. to feed it something that is not JSON. */
  public ScenarioTestRun inputLines(String sourceId, List<String> jsonLines) {
    requireNewInput(sourceId);
    lines.put(sourceId, List.copyOf(jsonLines));
    return this;
  }

  /** A JSON-lines file (plain or {@code .gz}) the source reads. */
  public ScenarioTestRun inputFile(String sourceId, Path jsonLines) {
    requireNewInput(sourceId);
    files.put(sourceId, jsonLines);
    return this;
  }

  /** Overrides a scenario property for this run. */
  public ScenarioTestRun property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  /**
   * Validates, runs and returns what the sinks wrote.
   *
   * @throws AssertionError if the scenario is invalid (listing every error) or the run fails
   */
  public ScenarioTestResult run() {
    ValidationResult validated = validate(scenario, properties);
    if (!validated.isValid()) {
      throw new AssertionError(
          "scenario `" + scenario.id() + "` is invalid:\n" + validated.describe());
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("walnut-test-run-");
      Map<String, Path> inputs = new LinkedHashMap<>(files);
      for (Map.Entry<String, List<String>> e : lines.entrySet()) {
        inputs.put(e.getKey(), write(dir, inputs.size(), e.getValue()));
      }
      TestRunner runner = new TestRunner();
      int parallelism = scenario.metaData().parallelism();
      return new ScenarioTestResult(
          parallelism <= SharedFlinkCluster.SLOTS
              ? runner.run(validated, inputs, properties, SharedFlinkCluster.get())
              : runner.run(validated, inputs, properties));
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(
          "test run of scenario `" + scenario.id() + "` failed: " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private void requireNewInput(String sourceId) {
    if (lines.containsKey(sourceId) || files.containsKey(sourceId)) {
      throw new IllegalArgumentException("input for source `" + sourceId + "` is given twice");
    }
  }

  private static Path write(Path dir, int index, List<String> jsonLines) throws IOException {
    Path file = dir.resolve("input-" + index + ".jsonl");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (String line : jsonLines) {
        w.write(line);
        w.write('\n');
      }
    }
    return file;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp file is not worth failing a test for
    }
  }
}
