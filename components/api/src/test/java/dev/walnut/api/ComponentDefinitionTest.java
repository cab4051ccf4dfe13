package dev.walnut.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ComponentDefinitionTest {

  @Test
  void idsMustBeStableKebabCase() {
    assertThatThrownBy(() -> ComponentDefinition.builder("AggregateSliding", ComponentKind.CUSTOM))
        .hasMessage(
            "component id must be kebab-case like `aggregate-sliding`, got `AggregateSliding`");
  }

  @Test
  void everyComponentAndParameterNeedsDocs() {
    assertThatThrownBy(() -> ComponentDefinition.builder("x", ComponentKind.SINK).build())
        .hasMessage("component `x` needs docs text");
    assertThatThrownBy(() -> Parameter.once("Topic", DataType.STRING).build())
        .hasMessage("parameter `Topic` needs docs text");
  }

  @Test
  void aParameterIsDeclaredOnce() {
    Parameter p = Parameter.once("Topic", DataType.STRING).docs("the topic").build();
    assertThatThrownBy(
            () ->
                ComponentDefinition.builder("x", ComponentKind.SOURCE)
                    .docs("d")
                    .parameter(p)
                    .parameter(p)
                    .build())
        .hasMessage("component `x` declares parameter `Topic` twice");
  }

  @Test
  void anEnricherAlwaysHasAnOutputVariable() {
    assertThatThrownBy(
            () ->
                ComponentDefinition.builder("e", ComponentKind.ENRICHER)
                    .docs("d")
                    .outputVariable(ComponentDefinition.OutputVariable.NONE)
                    .build())
        .hasMessage("component `e`: an enricher always has an output variable");
  }

  @Test
  void aDurationEditorIsOnlyForValuesEvaluatedOnce() {
    assertThatThrownBy(
            () ->
                Parameter.perEvent("w", DataType.UNKNOWN).editor(Editor.DURATION).docs("d").build())
        .hasMessage("parameter `w`: a duration editor needs a value evaluated once");
  }

  @Test
  void defaultsDescribeWhatTheDesignerShows() {
    Parameter window =
        Parameter.once("windowLength", DataType.DURATION)
            .defaultExpression("'PT10M'")
            .validator(ParameterValidator.positiveDuration())
            .docs("window")
            .build();

    assertThat(window.editor()).isEqualTo(Editor.DURATION);
    assertThat(window.evaluation()).isEqualTo(Evaluation.ONCE);
    assertThat(window.validators().get(0).describe()).isEqualTo("positive duration");
    assertThat(window.validators().get(0).check("windowLength", Duration.ofMinutes(-5)))
        .contains("parameter `windowLength` must be a positive duration, got `-PT5M`");
  }

  @Test
  void typesTellAssignability() {
    assertThat(DataType.LONG.isAssignableTo(DataType.DOUBLE)).isTrue();
    assertThat(DataType.STRING.isAssignableTo(DataType.BOOLEAN)).isFalse();
    assertThat(DataType.UNKNOWN.isAssignableTo(DataType.BOOLEAN)).isTrue();
    assertThat(DataType.listOf(DataType.STRING).display()).isEqualTo("List[String]");
    assertThat(DataType.recordBuilder().field("a", DataType.LONG).build().display())
        .isEqualTo("Record{a: Long}");
  }
}
