package dev.walnut.ml.component;

import dev.walnut.api.DesignContext;
import dev.walnut.api.Suggestion;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.ml.mlflow.ModelVersion;
import dev.walnut.ml.mlflow.RegisteredModel;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the designer reads from the scenario's MLflow registry for the dropdowns of the components
 * that serve its models: registered model names, the chosen model's aliases, its versions.
 */
final class MlflowSuggestions {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private MlflowSuggestions() {}

  /**
   * Suggestions for parameter {@code model}, {@code alias} or {@code version} of a node; empty for
   * any other parameter.
   *
   * @throws IllegalStateException when no MLflow is configured, it does not answer, or the node's
   *     model does not exist
   */
  static List<Suggestion> suggest(
      String parameter, DesignContext context, String model, String alias, String version) {
    if (!parameter.equals(model) && !parameter.equals(alias) && !parameter.equals(version)) {
      return List.of();
    }
    URI uri =
        MlflowInferenceComponent.optionalTrackingUri(context.scenarioProperties())
            .orElseThrow(() -> new IllegalStateException(MlflowInferenceComponent.NO_TRACKING_URI));
    String name =
        parameter.equals(model)
            ? null
            : context
                .stringValue(model)
                .filter(n -> !n.isBlank())
                .orElseThrow(
                    () ->
                        new IllegalStateException(
                            "choose `" + model + "` first: the " + parameter + " list is its"));
    try (MlflowClient client = MlflowClient.create(uri, TIMEOUT)) {
      if (name == null) {
        return models(client);
      }
      return parameter.equals(alias) ? aliases(client, name) : versions(client, name);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot list "
              + (name == null
                  ? "the registered models"
                  : (parameter.equals(alias) ? "the aliases" : "the versions")
                      + " of model `"
                      + name
                      + "`")
              + " from MLflow at "
              + uri
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The stages that hold a version of the node's model, each with its latest version there.
   *
   * @throws IllegalStateException like {@link #suggest}
   */
  static List<Suggestion> stages(DesignContext context, String model) {
    URI uri =
        MlflowInferenceComponent.optionalTrackingUri(context.scenarioProperties())
            .orElseThrow(() -> new IllegalStateException(MlflowInferenceComponent.NO_TRACKING_URI));
    String name =
        context
            .stringValue(model)
            .filter(n -> !n.isBlank())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "choose `" + model + "` first: the Stage list is its"));
    try (MlflowClient client = MlflowClient.create(uri, TIMEOUT)) {
      client.registeredModel(name);
      Map<String, String> latest = new TreeMap<>();
      for (ModelVersion v : client.versions(name)) { // newest first
        if (v.stage() != null && !v.stage().isBlank() && !"None".equals(v.stage())) {
          latest.putIfAbsent(v.stage(), v.version());
        }
      }
      List<Suggestion> out = new ArrayList<>();
      latest.forEach((stage, v) -> out.add(Suggestion.ofString(stage, "latest version " + v)));
      return out;
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot list the stages of model `"
              + name
              + "` from MLflow at "
              + uri
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<Suggestion> models(MlflowClient client) {
    List<Suggestion> out = new ArrayList<>();
    for (RegisteredModel m : client.registeredModels()) {
      List<String> parts = new ArrayList<>();
      m.latest().stream()
          .map(ModelVersion::version)
          .max(Comparator.comparingLong(MlflowSuggestions::number))
          .ifPresent(v -> parts.add("latest version " + v));
      if (!m.aliases().isEmpty()) {
        List<String> aliases = new ArrayList<>();
        new TreeMap<>(m.aliases()).forEach((a, v) -> aliases.add("@" + a + " → " + v));
        parts.add(String.join(", ", aliases));
      }
      out.add(Suggestion.ofString(m.name(), String.join("; ", parts)));
    }
    return out;
  }

  private static List<Suggestion> aliases(MlflowClient client, String name) {
    List<Suggestion> out = new ArrayList<>();
    for (Map.Entry<String, String> a :
        new TreeMap<>(client.registeredModel(name).aliases()).entrySet()) {
      out.add(Suggestion.ofString(a.getKey(), "version " + a.getValue()));
    }
    return out;
  }

  private static List<Suggestion> versions(MlflowClient client, String name) {
    // asking for the model first says "does not exist" for a wrong name, where a search finds
    // none; it also gives the aliases, which the version search leaves out
    Map<String, List<String>> aliasesByVersion = new TreeMap<>();
    new TreeMap<>(client.registeredModel(name).aliases())
        .forEach((a, v) -> aliasesByVersion.computeIfAbsent(v, k -> new ArrayList<>()).add(a));
    List<Suggestion> out = new ArrayList<>();
    for (ModelVersion v : client.versions(name)) {
      List<String> parts = new ArrayList<>();
      List<String> aliases = aliasesByVersion.getOrDefault(v.version(), List.of());
      if (!aliases.isEmpty()) {
        parts.add("@" + String.join(", @", aliases));
      }
      if (v.stage() != null && !v.stage().isBlank() && !"None".equals(v.stage())) {
        parts.add("stage " + v.stage());
      }
      if (v.status() != null && !v.status().isBlank() && !"READY".equals(v.status())) {
        parts.add(v.status().toLowerCase(java.util.Locale.ROOT));
      }
      out.add(Suggestion.ofString(v.version(), String.join("; ", parts)));
    }
    return out;
  }

  private static long number(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }
}
