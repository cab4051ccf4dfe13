package dev.walnut.engine.validation;

import static dev.walnut.engine.fakes.Json.enricher;
import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An enricher's dynamic parameters (here `sum-of`: one number per name in `Fields`) are bound with
 * the declared ones: missing, unknown and mistyped ones are errors on their field, and a failing
 * hook is a clear error, never an exception.
 */
class DynamicParametersTest {
  private final ScenarioValidator validator = new ScenarioValidator(ComponentRegistry.load());

  private static Scenario sumOf(String... params) {
    return scenario(
        "s",
        source("in", "lines"),
        enricher("sum", "sum-of", "total", params),
        sink("out", "capture", "Value", "#total"));
  }

  @Test
  void theHooksParametersAreBoundWithTheDeclaredOnesAndListedPerNode() {
    ValidationResult r =
        validator.validate(sumOf("Fields", "'a, b'", "a", "#input.amount", "b", "2"));

    assertThat(r.errors()).isEmpty();
    assertThat(r.dynamicParametersOf("sum")).extracting(Parameter::name).containsExactly("a", "b");
    assertThat(r.dynamicParametersOf("sum"))
        .extracting(Parameter::evaluation)
        .containsOnly(Evaluation.PER_EVENT);
    assertThat(r.dynamicParametersByNode()).containsOnlyKeys("sum");
    NodePlan plan = r.plans().get("sum");
    assertThat(plan.dynamicParameters()).isEqualTo(r.dynamicParametersOf("sum"));
    assertThat(plan.params().typeOf("b")).isEqualTo(DataType.LONG);
    assertThat(plan.params().lazy("a").expression()).isEqualTo("#input.amount");
  }

  @Test
  void aMissingDynamicParameterIsAnErrorOnItsField() {
    ValidationResult r = validator.validate(sumOf("Fields", "'a, b'", "a", "1"));

    assertThat(r.errors()).containsExactly(new NodeError("sum", "b", "parameter `b` is mandatory"));
    assertThat(r.dynamicParametersOf("sum")).extracting(Parameter::name).containsExactly("a", "b");
  }

  @Test
  void aNameThatIsNeitherDeclaredNorDynamicIsUnknownListingBoth() {
    ValidationResult r = validator.validate(sumOf("Fields", "'a'", "a", "1", "c", "2"));

    assertThat(r.errors())
        .containsExactly(
            new NodeError("sum", "c", "unknown parameter `c`; component `sum-of` has: Fields, a"));
  }

  @Test
  void aDynamicParameterOfTheWrongTypeIsAnErrorOnItsField() {
    ValidationResult r = validator.validate(sumOf("Fields", "'a'", "a", "'text'"));

    assertThat(r.errors())
        .containsExactly(
            new NodeError("sum", "a", "parameter `a` must be Double, got String from `'text'`"));
  }

  @Test
  void aParameterExceptionFromTheHookIsAnErrorOnTheParameterItNames() {
    ValidationResult r = validator.validate(sumOf("Fields", "'a, bad'", "a", "1"));

    assertThat(r.errors())
        .containsExactly(new NodeError("sum", "Fields", "`bad` is not a field name"));
    assertThat(r.dynamicParametersByNode()).isEmpty();
  }

  @Test
  void anyOtherFailureOfTheHookIsANodeError() {
    ValidationResult r = validator.validate(sumOf("Fields", "'boom'"));

    assertThat(r.errors())
        .containsExactly(
            new NodeError("sum", null, "component `sum-of` cannot tell its parameters: boom"));
  }

  @Test
  void invalidDeclaredParametersAreReportedAloneWithoutAskingTheHook() {
    ValidationResult r = validator.validate(sumOf("a", "1"));

    assertThat(r.errors())
        .containsExactly(new NodeError("sum", "Fields", "parameter `Fields` is mandatory"));
  }

  @Test
  void theHookSeesTheScenarioPropertiesWithTheRunsOverrides() {
    Scenario s = sumOf("Fields", "'a'", "a", "1", "c", "2");

    assertThat(validator.validate(s, Map.of("sum.extra", "c")).errors()).isEmpty();
    assertThat(validator.validate(s, Map.of("sum.extra", "c")).dynamicParametersOf("sum"))
        .extracting(Parameter::name)
        .containsExactly("a", "c");
  }
}
