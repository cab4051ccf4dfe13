package dev.walnut.ml.component;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.ml.mlflow.MlModel;
import dev.walnut.ml.mlflow.SignatureField;
import dev.walnut.ml.serving.ModelContract;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The input parameters and the output type of `mlflow-inference` follow the model's signature. */
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

  @Test
  void eachSignatureInputBecomesAPerRecordParameterTypedFromItsSpec() {
    MlModel model =
        MlModel.parse(
            """
            flavors: {onnx: {data: model.onnx}}
            signature:
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1, 50]}, "name": "items"}, {"type": "tensor", "tensor-spec": {"dtype": "str", "shape": [-1]}, "name": "ids"}, {"type": "double", "name": "price", "required": false}]'
            """);
    List<Parameter> inputs =
        model.inputs().stream().map(MlflowInferenceComponent::inputParameter).toList();

    assertThat(inputs).extracting(Parameter::name).containsExactly("items", "ids", "price");
    assertThat(inputs)
        .extracting(Parameter::type)
        .containsExactly(DataType.listOf(DataType.LONG), DataType.STRING, DataType.DOUBLE);
    assertThat(inputs).extracting(Parameter::evaluation).containsOnly(Evaluation.PER_EVENT);
    assertThat(inputs).extracting(Parameter::isOptional).containsExactly(false, false, true);
    assertThat(inputs.get(0).docs()).startsWith("Model input `items` (tensor int64 [-1, 50])");
  }

  @Test
  void aSignedAndAnUnsignedVersionOfOneGraphHaveTheSameContractAndChangesAreNamed() {
    MlModel signed =
        MlModel.parse(
            """
            flavors: {onnx: {data: model.onnx}}
            signature:
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "object", "shape": [-1, 20]}, "name": "item_ids"}]'
              outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "object", "shape": [-1, 100]}, "name": "top_items"}, {"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 100]}, "name": "top_scores"}]'
            """);
    ModelContract validated =
        new ModelContract("3", signed.inputs(), signed.outputs(), "signature", "signature");
    // what ModelContract reads from the same graph of an unsigned version
    ModelContract graph =
        new ModelContract(
            "4",
            List.of(new SignatureField("item_ids", true, "string", List.of(-1L, 20L), true)),
            List.of(
                new SignatureField("top_items", true, "string", List.of(-1L, 100L), true),
                new SignatureField("top_scores", true, "float32", List.of(-1L, 100L), true)),
            ModelContract.GRAPH,
            ModelContract.GRAPH);
    assertThat(graph.differencesFrom(validated)).isEmpty();

    ModelContract changed =
        new ModelContract(
            "5",
            List.of(
                new SignatureField("item_ids", true, "str", List.of(-1L, 50L), true),
                new SignatureField("user", true, "int64", List.of(-1L), true)),
            List.of(new SignatureField("top_items", true, "int64", List.of(-1L, 100L), true)),
            "signature",
            "signature");
    assertThat(changed.differencesFrom(validated))
        .containsExactly(
            "input `item_ids` is string [-1, 50], the scenario was validated with [-1, 20]",
            "input `user` (int64 [-1]) is new, the scenario was validated without it",
            "output `top_items` is int64 [-1, 100], the scenario was validated with string"
                + " [-1, 100]",
            "output `top_scores` is gone, the scenario was validated with float32 [-1, 100]");
  }

  @Test
  void aColumnInputIsDescribedByItsColumnType() {
    Parameter p =
        MlflowInferenceComponent.inputParameter(
            new SignatureField("x", false, "double", List.of(), true));
    assertThat(p.docs()).startsWith("Model input `x` (column double)");
  }
}
