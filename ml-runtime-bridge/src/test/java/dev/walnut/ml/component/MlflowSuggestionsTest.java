package dev.walnut.ml.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.DesignContext;
import dev.walnut.api.Suggestion;
import dev.walnut.ml.MlflowFixture;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The designer's dropdowns of `mlflow-inference`, read from a real MLflow server. */
class MlflowSuggestionsTest {
  private static final String MODEL = "suggested-scaler";
  private static MlflowFixture mlflow;
  private static Map<Double, String> versions;

  @BeforeAll
  static void start() {
    mlflow = MlflowFixture.shared();
    versions = mlflow.logLinearModels(MODEL, 2, 3);
    mlflow.client().setAlias(MODEL, "champion", versions.get(3.0));
    mlflow.client().setAlias(MODEL, "challenger", versions.get(2.0));
    mlflow.client().transitionStage(MODEL, versions.get(2.0), "Staging");
    mlflow.client().transitionStage(MODEL, versions.get(3.0), "Production");
  }

  private static DesignContext node(String trackingUri, String model) {
    Map<String, String> properties = new HashMap<>();
    properties.put(MlflowInferenceComponent.TRACKING_URI_PROPERTY, trackingUri);
    return new DesignContext() {
      @Override
      public Optional<String> stringValue(String parameter) {
        return parameter.equals("Model") ? Optional.ofNullable(model) : Optional.empty();
      }

      @Override
      public Map<String, String> scenarioProperties() {
        return properties;
      }
    };
  }

  private static List<Suggestion> suggest(String parameter, String model) {
    return new MlflowInferenceComponent()
        .suggestions(parameter, node(mlflow.server().uri().toString(), model));
  }

  @Test
  void modelListsTheRegisteredModelsWithLatestVersionAndAliases() {
    assertThat(new MlflowInferenceComponent().definition().parameters())
        .filteredOn(p -> List.of("Model", "Alias", "Version", "Stage").contains(p.name()))
        .allMatch(p -> p.hasSuggestions());
    String v1 = versions.get(2.0);
    String v2 = versions.get(3.0);

    assertThat(suggest("Model", null))
        .contains(
            new Suggestion(
                "'" + MODEL + "'",
                MODEL,
                "latest version " + v2 + "; @challenger → " + v1 + ", @champion → " + v2));
  }

  @Test
  void aliasListsTheChosenModelsAliasesWithTheirVersions() {
    assertThat(suggest("Alias", MODEL))
        .containsExactly(
            Suggestion.ofString("challenger", "version " + versions.get(2.0)),
            Suggestion.ofString("champion", "version " + versions.get(3.0)));
  }

  @Test
  void versionListsTheChosenModelsVersionsNewestFirst() {
    assertThat(suggest("Version", MODEL))
        .containsExactly(
            Suggestion.ofString(versions.get(3.0), "@champion; stage Production"),
            Suggestion.ofString(versions.get(2.0), "@challenger; stage Staging"));
  }

  @Test
  void stageListsTheStagesHoldingAVersionWithTheLatestThere() {
    assertThat(suggest("Stage", MODEL))
        .containsExactly(
            Suggestion.ofString("Production", "latest version " + versions.get(3.0)),
            Suggestion.ofString("Staging", "latest version " + versions.get(2.0)));
  }

  @Test
  void otherParametersHaveNoSuggestions() {
    assertThat(suggest("Poll interval", MODEL)).isEmpty();
  }

  @Test
  void anUnknownModelAMissingModelAndADeadServerAreClearErrors() throws Exception {
    assertThatThrownBy(() -> suggest("Alias", "no-such-model"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "cannot list the aliases of model `no-such-model` from MLflow at "
                + mlflow.server().uri())
        .hasMessageContaining("`no-such-model` does not exist in the MLflow registry");
    assertThatThrownBy(() -> suggest("Version", null))
        .hasMessage("choose `Model` first: the Version list is its");

    String dead = "http://127.0.0.1:" + MlflowFixture.freePort();
    assertThatThrownBy(() -> new MlflowInferenceComponent().suggestions("Model", node(dead, null)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot list the registered models from MLflow at " + dead)
        .hasMessageContaining("is unreachable");
  }
}
