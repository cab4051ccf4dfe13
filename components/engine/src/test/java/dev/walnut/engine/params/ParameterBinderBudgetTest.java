package dev.walnut.engine.params;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.spel.SpelCompiler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ParameterBinderBudgetTest {
  private static final List<Parameter> TOPIC =
      List.of(Parameter.once("Topic", DataType.STRING).docs("The topic to read").build());

  private static ParameterBinder.Result bind(ParameterBinder binder, String expression) {
    return binder.bind(
        "source", "kafka", TOPIC, List.of(NodeParameter.spel("Topic", expression)), Map.of());
  }

  @Test
  void reportsAOnceParameterThatExceedsItsBudgetAsAParameterError() {
    ParameterBinder binder = new ParameterBinder(SpelCompiler.create(), Map.of());

    ParameterBinder.Result result = bind(binder, "'%2147483647d'.formatted(1)");

    assertThat(result.errors())
        .extracting(ParameterBinder.ParamError::message)
        .containsExactly(
            "parameter `Topic`: `'%2147483647d'.formatted(1)` failed: cannot evaluate"
                + " `'%2147483647d'.formatted(1)`: `formatted()` would produce a text of"
                + " 2147483659 characters, above the limit of 1048576 characters per text");
  }

  @Test
  void stopsEvaluatingOnceParametersWhenTheScenarioUsedUpItsValidationBudget() {
    AtomicLong now = new AtomicLong();
    // by this clock every evaluation takes 1.5 s
    ParameterBinder binder =
        new ParameterBinder(
            SpelCompiler.create(),
            Map.of(),
            () -> now.addAndGet(Duration.ofMillis(1500).toNanos()));

    assertThat(bind(binder, "'orders'").errors()).isEmpty();
    assertThat(bind(binder, "'orders'").errors()).isEmpty();
    assertThat(bind(binder, "'orders'").errors())
        .extracting(ParameterBinder.ParamError::message)
        .containsExactly(
            "parameter `Topic` was not evaluated: the once-parameters of this scenario used up"
                + " their validation budget of 2000 ms; simplify the expressions that exceeded"
                + " their own budget");
  }

  @Test
  void stillBindsAnOrdinaryOnceParameter() {
    ParameterBinder binder = new ParameterBinder(SpelCompiler.create(), Map.of());

    ParameterBinder.Result result = bind(binder, "'orders-' + 'eu'");

    assertThat(result.errors()).isEmpty();
    assertThat(result.values().value("Topic", String.class)).isEqualTo("orders-eu");
  }
}
