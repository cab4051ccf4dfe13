package dev.walnut.ml.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.ml.mlflow.MlModel;
import org.junit.jupiter.api.Test;

/** The output type of `mlflow-inference` follows the model's signature. */
class MlflowInferenceTypingTest {

  @Test
  void outputsAreTypedFromTheSignaturePlusModelVersion() {
    MlModel model =
        MlModel.parse(
            """
            flavors:
              onnx:
                data: model.onnx
            signature:
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1, 50]}, "name": "items"}]'
              outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1, 20]}, "name": "top_items"}, {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}, "name": "score"}, {"type": "string", "name": "label"}]'
            """);
    assertThat(MlflowInferenceComponent.outputType(model))
        .isEqualTo(
            DataType.recordBuilder()
                .field("top_items", DataType.listOf(DataType.LONG))
                .field("score", DataType.DOUBLE)
                .field("label", DataType.STRING)
                .field("modelVersion", DataType.STRING)
                .build());
  }

  @Test
  void unnamedOutputsLeaveTheFieldsUnknown() {
    MlModel model =
        MlModel.parse(
            """
            flavors: {onnx: {data: model.onnx}}
            signature:
              outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1]}}]'
            """);
    assertThat(MlflowInferenceComponent.outputType(model))
        .isEqualTo(DataType.mapOf(DataType.UNKNOWN));
  }
}
