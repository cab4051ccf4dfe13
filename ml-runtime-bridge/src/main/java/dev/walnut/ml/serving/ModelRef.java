package dev.walnut.ml.serving;

import dev.walnut.ml.mlflow.MlflowClient;
import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * Which registered model to serve: a fixed {@code version}, whatever {@code alias} points to, or
 * the latest version in {@code stage} (MLflow's deprecated stages, e.g. {@code Production}); the
 * last two are watched for changes. Exactly one of the three is given.
 */
public record ModelRef(URI trackingUri, String name, String alias, String version, String stage)
    implements Serializable {

  public ModelRef {
    Objects.requireNonNull(trackingUri, "trackingUri");
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the registered model name must not be empty");
    }
    int given = (given(alias) ? 1 : 0) + (given(version) ? 1 : 0) + (given(stage) ? 1 : 0);
    if (given != 1) {
      throw new IllegalArgumentException(
          "give one of an alias, a version or a stage of model `"
              + name
              + "`, not "
              + (given == 0 ? "none" : "several"));
    }
  }

  private static boolean given(String s) {
    return s != null && !s.isBlank();
  }

  public static ModelRef alias(URI trackingUri, String name, String alias) {
    return new ModelRef(trackingUri, name, alias, null, null);
  }

  public static ModelRef version(URI trackingUri, String name, String version) {
    return new ModelRef(trackingUri, name, null, version, null);
  }

  public static ModelRef stage(URI trackingUri, String name, String stage) {
    return new ModelRef(trackingUri, name, null, null, stage);
  }

  public boolean followsAlias() {
    return given(alias);
  }

  /** Whether the version may change while serving (an alias or a stage), so it is watched. */
  public boolean moves() {
    return !given(version);
  }

  /**
   * The version this reference names now: the fixed version, the alias's, or the latest in the
   * stage.
   *
   * @throws dev.walnut.ml.mlflow.MlflowException when MLflow cannot say (no such alias, no version
   *     in the stage, unreachable)
   */
  public String resolve(MlflowClient client) {
    if (given(version)) {
      return version;
    }
    return given(alias)
        ? client.versionByAlias(name, alias).version()
        : client.latestVersionInStage(name, stage).version();
  }

  /** How the version is chosen, for log lines: {@code alias `champion`}, {@code stage `X`}. */
  public String selector() {
    return given(alias)
        ? "alias `" + alias + "`"
        : given(stage) ? "stage `" + stage + "`" : "version " + version;
  }

  @Override
  public String toString() {
    return name
        + (given(alias) ? "@" + alias : given(stage) ? " in stage " + stage : "/" + version)
        + " at "
        + trackingUri;
  }
}
