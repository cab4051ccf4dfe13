package dev.walnut.ml.serving;

import java.util.Map;

/** The outputs of one model call and the model version that produced them. */
public record Prediction(String modelVersion, Map<String, Object> outputs) {}
