package dev.walnut.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;

/**
 * Edits a scenario's JSON before it is read: the benchmarks run the shipped graphs unchanged except
 * for where they read and write (per-run topics, start from the earliest offset).
 */
public final class ScenarioTrees {
  private ScenarioTrees() {}

  /**
   * Sets parameter {@code name} of node {@code nodeId} to the SpEL {@code expression}, adding the
   * parameter if the node does not list it.
   *
   * @throws IllegalArgumentException if no top-level node has that id, or it has no parameters
   */
  public static void setParameter(
      ObjectNode scenario, String nodeId, String name, String expression) {
    ObjectNode node = node(scenario, nodeId);
    JsonNode params = node.has("ref") ? node.get("ref").get("parameters") : node.get("parameters");
    if (!(params instanceof ArrayNode list)) {
      throw new IllegalArgumentException("node `" + nodeId + "` has no parameter list");
    }
    ObjectNode expr = scenario.objectNode().put("language", "spel").put("expression", expression);
    for (JsonNode p : list) {
      if (name.equals(p.path("name").asText())) {
        ((ObjectNode) p).set("expression", expr);
        return;
      }
    }
    list.addObject().put("name", name).set("expression", expr);
  }

  /** Sets a scenario property ({@code metaData.additionalFields.properties}). */
  public static void setProperty(ObjectNode scenario, String name, String value) {
    scenario
        .withObjectProperty("metaData")
        .withObjectProperty("additionalFields")
        .withObjectProperty("properties")
        .put(name, value);
  }

  /** Sets the scenario id (the job name). */
  public static void setId(ObjectNode scenario, String id) {
    scenario.withObjectProperty("metaData").put("id", id);
  }

  /**
   * Reads and validates the edited scenario.
   *
   * @throws IllegalStateException with every validation error if it is invalid
   */
  public static ValidationResult validated(ObjectNode scenario) {
    ValidationResult result =
        new ScenarioValidator(ComponentRegistry.load()).validate(ScenarioJson.fromTree(scenario));
    if (!result.isValid()) {
      throw new IllegalStateException("the benchmark's scenario is invalid:\n" + result.describe());
    }
    return result;
  }

  private static ObjectNode node(ObjectNode scenario, String nodeId) {
    for (JsonNode n : scenario.path("nodes")) {
      if (nodeId.equals(n.path("id").asText())) {
        return (ObjectNode) n;
      }
    }
    throw new IllegalArgumentException("the scenario has no node `" + nodeId + "`");
  }
}
