package dev.walnut.components.base;

import dev.walnut.api.json.JsonValues;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test runs on a local cluster of their own with {@link RecordedMetrics} installed, for tests of
 * what a component counts; otherwise the same engine path as {@link ScenarioTestRun}.
 */
public final class MeteredTestRuns {
  private static LocalFlinkCluster cluster;

  private MeteredTestRuns() {}

  private static synchronized LocalFlinkCluster cluster() throws Exception {
    if (cluster == null) {
      cluster = LocalFlinkCluster.start(0, 2, RecordedMetrics.CONFIG);
      LocalFlinkCluster started = cluster;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return cluster;
  }

  /** Runs {@code scenario} on {@code records} read by its source {@code sourceId}. */
  public static TestRunResult run(Scenario scenario, String sourceId, List<?> records)
      throws Exception {
    ValidationResult validated = ScenarioTestRun.validate(scenario);
    if (!validated.isValid()) {
      throw new AssertionError("scenario is invalid:\n" + validated.describe());
    }
    Path input = Files.createTempFile("walnut-metered-", ".jsonl");
    try {
      List<String> lines = new ArrayList<>();
      records.forEach(r -> lines.add(JsonValues.write(r)));
      Files.write(input, lines);
      return new TestRunner().run(validated, Map.of(sourceId, input), Map.of(), cluster());
    } finally {
      Files.deleteIfExists(input);
    }
  }

  /** The sink's records, parsed. */
  public static List<Object> values(TestRunResult result, String sinkId) {
    List<Object> out = new ArrayList<>();
    for (String line : result.sinkOutputs().get(sinkId)) {
      try {
        out.add(JsonValues.parse(line));
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }
    return out;
  }
}
