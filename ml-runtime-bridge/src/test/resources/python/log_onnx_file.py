"""Logs an ONNX file as a new version of a registered MLflow model (onnx flavor), alias champion.

Usage: log_onnx_file.py TRACKING_URI MODEL_NAME PATH
Prints "version <n>".
"""
import sys

import mlflow
import onnx


def main() -> None:
    uri, name, path = sys.argv[1], sys.argv[2], sys.argv[3]
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("walnut-test-onnx-files")
    with mlflow.start_run():
        info = mlflow.onnx.log_model(onnx.load(path), name="model", registered_model_name=name)
    mlflow.MlflowClient().set_registered_model_alias(name, "champion", info.registered_model_version)
    print(f"version {info.registered_model_version}", flush=True)


if __name__ == "__main__":
    main()
