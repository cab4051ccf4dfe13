package dev.walnut.testkit.scenario;

import dev.walnut.engine.scenario.BranchParameters;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.Expression;
import dev.walnut.engine.scenario.JsonExtras;
import dev.walnut.engine.scenario.MetaData;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a scenario in the canonical model, the way a test reads best:
 *
 * <pre>{@code
 * Scenario scenario =
 *     ScenarioBuilder.id("large transactions")
 *         .parallelism(1)
 *         .source("transactions", "kafka", param("Topic", "'transactions'"))
 *         .filter("only large ones", "#input.amount > 20")
 *         .sink("audit", "dead-end");
 * }</pre>
 *
 * Scenarios with several sources or joins list their branches, the main one first: {@code
 * ScenarioBuilder.id("both").sources(branchA, branchB, joinBranch)}.
 */
public final class ScenarioBuilder {
  private final String id;
  private final Map<String, String> properties = new LinkedHashMap<>();
  private String description;

  private ScenarioBuilder(String id) {
    this.id = id;
  }

  public static ScenarioBuilder id(String id) {
    return new ScenarioBuilder(id);
  }

  /** A node parameter: {@code param("Topic", "'clicks'")}; the value is a SpEL expression. */
  public static NodeParameter param(String name, String expression) {
    return NodeParameter.spel(name, expression);
  }

  /** A field of a record variable. */
  public static NodeData.Field field(String name, String expression) {
    return new NodeData.Field(name, Expression.spel(expression));
  }

  /** The parameters a join takes for the branch that ends with {@code branchId}. */
  public static BranchParameters branchParameters(String branchId, NodeParameter... parameters) {
    return new BranchParameters(branchId, List.of(parameters));
  }

  public ScenarioBuilder parallelism(int parallelism) {
    return property(MetaData.PARALLELISM, Integer.toString(parallelism));
  }

  /** A scenario property, e.g. {@code kafka.bootstrap.servers}. */
  public ScenarioBuilder property(String name, String value) {
    properties.put(name, value);
    return this;
  }

  public ScenarioBuilder description(String description) {
    this.description = description;
    return this;
  }

  /** Starts the only branch with a source; ending the branch returns the scenario. */
  public BranchBuilder<Scenario> source(String id, String component, NodeParameter... parameters) {
    return new BranchBuilder<>(nodes -> build(nodes, List.of()))
        .add(Nodes.source(id, component, parameters));
  }

  /** A scenario of several branches: the first is the main one, the others follow it. */
  public Scenario sources(Branch main, Branch... more) {
    List<List<CanonicalNode>> additional = new ArrayList<>();
    for (Branch b : more) {
      additional.add(b.nodes());
    }
    return build(main.nodes(), additional);
  }

  private Scenario build(List<CanonicalNode> main, List<List<CanonicalNode>> additional) {
    MetaData meta =
        new MetaData(
            id, description, properties, MetaData.STREAM, JsonExtras.NONE, JsonExtras.NONE);
    return new Scenario(meta, main, additional, JsonExtras.NONE);
  }
}
