package dev.walnut.ml.component;

import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;

/**
 * The parameters that pick a model version from the MLflow registry, shared by the components that
 * load one ({@code mlflow-inference}, {@code onnx-embed}); each gives its own docs text.
 */
final class RegistryParameters {
  static final String MODEL = "Model";
  static final String ALIAS = "Alias";
  static final String VERSION = "Version";
  static final String POLL = "Poll interval";

  private RegistryParameters() {}

  /** `Alias`, default `champion`, with the model's aliases as suggestions. */
  static Parameter alias(String docs) {
    return Parameter.once(ALIAS, DataType.STRING)
        .defaultExpression("'champion'")
        .optional()
        .suggested()
        .docs(docs)
        .build();
  }

  /** `Version`, optional, with the model's versions as suggestions. */
  static Parameter version(String docs) {
    return Parameter.once(VERSION, DataType.STRING).optional().suggested().docs(docs).build();
  }

  /** `Poll interval` of the alias watch, default 10 s. */
  static Parameter poll(String docs) {
    return Parameter.once(POLL, DataType.DURATION)
        .defaultExpression("'PT10S'")
        .validator(ParameterValidator.positiveDuration())
        .docs(docs)
        .build();
  }
}
