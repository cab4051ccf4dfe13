package dev.walnut.ml.mlflow;

import java.util.List;

/**
 * One version of a registered model, as the registry describes it.
 *
 * @param source where the version's files are; in MLflow 3 a {@code models:/m-<id>} URI that only
 *     {@link MlflowClient#downloadUri} resolves
 */
public record ModelVersion(
    String name, String version, String source, String status, String stage, List<String> aliases) {

  public ModelVersion {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
  }
}
