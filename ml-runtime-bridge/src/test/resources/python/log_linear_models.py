"""Logs y = k * x ONNX models as consecutive versions of one registered MLflow model.

Usage: log_linear_models.py TRACKING_URI MODEL_NAME K1 [K2 ...]
Each factor becomes one version (in order). Prints one line per version: "<k> <version>".
"""
import sys

import mlflow
import numpy as np
import onnx
from mlflow.models import infer_signature
from onnx import TensorProto, helper


def linear_model(k: float) -> onnx.ModelProto:
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 1])
    factor = helper.make_tensor("k", TensorProto.FLOAT, [1], [k])
    graph = helper.make_graph([helper.make_node("Mul", ["x", "k"], ["y"])], f"times_{k}", [x], [y], [factor])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model


def main() -> None:
    uri, name, factors = sys.argv[1], sys.argv[2], [float(k) for k in sys.argv[3:]]
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("walnut-ml-tests")
    example = np.array([[1.0]], dtype=np.float32)
    for k in factors:
        with mlflow.start_run():
            info = mlflow.onnx.log_model(
                linear_model(k),
                name="model",
                registered_model_name=name,
                signature=infer_signature({"x": example}, {"y": example * k}),
                input_example={"x": example},
            )
        print(f"{k:g} {info.registered_model_version}", flush=True)


if __name__ == "__main__":
    main()
