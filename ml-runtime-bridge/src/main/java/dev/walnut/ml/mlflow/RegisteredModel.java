package dev.walnut.ml.mlflow;

import java.util.List;
import java.util.Map;

/** A registered model with all its aliases (alias → version) and the latest version per stage. */
public record RegisteredModel(
    String name, String description, Map<String, String> aliases, List<ModelVersion> latest) {

  public RegisteredModel {
    aliases = Map.copyOf(aliases);
    latest = List.copyOf(latest);
  }
}
