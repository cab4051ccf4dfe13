package dev.walnut.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A dropdown or a secret editor checks its value without the component repeating the choices. */
class ImpliedValidatorTest {

  @Test
  void aDropdownOfStringsAllowsJustItsChoices() {
    Parameter p =
        Parameter.once("Start from", DataType.STRING)
            .editor(Editor.fixedStrings("earliest", "latest"))
            .docs("d")
            .build();

    assertThat(p.validators()).hasSize(1);
    assertThat(p.validators().get(0).check("Start from", "latest")).isEmpty();
    assertThat(p.validators().get(0).check("Start from", "yesterday"))
        .contains("parameter `Start from` must be one of 'earliest', 'latest', got `yesterday`");
    assertThat(p.validators().get(0).describe()).isEqualTo("one of 'earliest', 'latest'");
  }

  @Test
  void aSecretAllowsJustAReference() {
    Parameter p = Parameter.once("Token", DataType.STRING).editor(Editor.SECRET).docs("d").build();

    assertThat(p.validators().get(0).check("Token", "${env:SHOPIFY_TOKEN}")).isEmpty();
    assertThat(p.validators().get(0).check("Token", "${env:WALNUT_DESIGNER_PASSWORD}"))
        .as("a reference the process's allow-list refuses")
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .startsWith(
                        "parameter `Token`: the secret ${env:WALNUT_DESIGNER_PASSWORD} is not"
                            + " allowed here"));
    assertThat(p.validators().get(0).check("Token", "${file:/run/secrets/token}")).isEmpty();
    assertThat(p.validators().get(0).check("Token", "shpat_123"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("must be a secret reference like ${env:NAME}")
                    .as("the value may be the secret: never echoed")
                    .doesNotContain("shpat_123"));
  }

  @Test
  void aComponentsOwnValidatorSuggestionsOrPerRecordValuesTurnItOff() {
    ParameterValidator own = (name, value) -> Optional.empty();
    assertThat(
            Parameter.once("Aggregator", DataType.STRING)
                .editor(Editor.fixedStrings("list", "set"))
                .validator(own)
                .docs("d")
                .build()
                .validators())
        .as("the component's own validator may accept more forms than the dropdown lists")
        .containsExactly(own);
    assertThat(
            Parameter.once("Alias", DataType.STRING)
                .editor(Editor.fixedStrings("champion"))
                .suggested()
                .docs("d")
                .build()
                .validators())
        .as("a dropdown open to suggested values from outside")
        .isEmpty();
    assertThat(
            Parameter.perEvent("Level", DataType.STRING)
                .editor(Editor.fixedStrings("a"))
                .docs("d")
                .build()
                .validators())
        .isEmpty();
    assertThat(
            Editor.fixedValues(java.util.List.of(new Editor.FixedValue("#AGG.list", "list")))
                .impliedValidator())
        .as("only string literals can be checked without evaluating")
        .isEmpty();
  }
}
