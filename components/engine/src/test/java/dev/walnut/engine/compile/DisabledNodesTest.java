package dev.walnut.engine.compile;

import static dev.walnut.engine.fakes.Json.enricher;
import static dev.walnut.engine.fakes.Json.filter;
import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nussknacker's disabled node, through the one compile path test runs and deployments share: a
 * disabled filter lets every record through, a disabled processor does nothing to the record (and
 * cannot fail on it), a disabled sink writes nothing.
 */
class DisabledNodesTest {
  @TempDir Path dir;

  private TestRunResult run(boolean disabled) throws Exception {
    ObjectNode big = filter("big", "#input.amount > 10");
    // a processor that fails on every amount below 15: enabled, it turns those into errors
    ObjectNode check = enricher("check", "double-later", null, "x", "#input.amount - 15");
    check.put("type", "Processor");
    check.remove("output");
    ObjectNode copy = sink("copy", "capture", "Value", "#input.id");
    if (disabled) {
      big.put("isDisabled", true);
      check.put("isDisabled", true);
      copy.put("isDisabled", true);
    }
    Scenario s =
        scenario(
            "disabled-" + disabled,
            1,
            new ObjectNode[][] {{source("in2", "lines"), copy}},
            source("in", "lines"),
            big,
            check,
            sink("out", "capture", "Value", "#input.id"));
    ValidationResult v = new ScenarioValidator(ComponentRegistry.load()).validate(s);
    assertThat(v.errors()).isEmpty();
    Path input = dir.resolve("in-" + disabled + ".jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\":\"a5\",\"amount\":5}",
            "{\"id\":\"a12\",\"amount\":12}",
            "{\"id\":\"a20\",\"amount\":20}"));
    return new TestRunner().run(v, Map.of("in", input, "in2", input), Map.of());
  }

  @Test
  void enabledTheFilterDropsAndTheProcessorFails() throws Exception {
    TestRunResult r = run(false);
    assertThat(r.sinkOutputs().get("out")).containsExactly("\"a20\"");
    assertThat(r.errors()).singleElement().asString().contains("\"nodeId\":\"check\"");
    assertThat(r.sinkOutputs().get("copy")).hasSize(3);
  }

  @Test
  void disabledEveryRecordPassesUntouchedAndTheSinkWritesNothing() throws Exception {
    TestRunResult r = run(true);
    assertThat(r.sinkOutputs().get("out")).containsExactly("\"a5\"", "\"a12\"", "\"a20\"");
    assertThat(r.errors()).isEmpty();
    assertThat(r.counts().get("big")).isEqualTo(new TestRunResult.NodeCounts(3, 3));
    assertThat(r.counts().get("check")).isEqualTo(new TestRunResult.NodeCounts(3, 3));
    assertThat(r.sinkOutputs().getOrDefault("copy", List.of())).isEmpty();
  }
}
