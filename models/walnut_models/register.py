"""Logs a trained model directory to MLflow (ONNX flavour) and registers it.

    python -m walnut_models.register --model DIR --name session-recs [--alias champion]
                                     [--tracking-uri URI] [--force]

DIR is a training output (model.onnx + metrics.json). The model gets a signature, an input
example, the validation and test metrics, and the evaluation protocol. The alias moves to the new
version only if its validation metric beats the current alias holder's (or with --force).
Prints one JSON line with the outcome on stdout.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

DEFAULT_EXPERIMENT = "walnut-session-recs"


def _load_training_output(model_dir: str):
    model_path = os.path.join(model_dir, "model.onnx")
    metrics_path = os.path.join(model_dir, "metrics.json")
    for path in (model_path, metrics_path):
        if not os.path.isfile(path):
            raise SystemExit(f"register: '{path}' is missing; --model must be a directory written by "
                             f"'python -m walnut_models.train --out DIR'")
    with open(metrics_path, encoding="utf-8") as f:
        return model_path, json.load(f)


def _signature_and_example(window: int, top_k: int, example_items: list[str]):
    from mlflow.models.signature import ModelSignature
    from mlflow.types.schema import Schema, TensorSpec

    signature = ModelSignature(
        inputs=Schema([TensorSpec(np.dtype(object), (-1, window), "item_ids")]),
        outputs=Schema([TensorSpec(np.dtype(object), (-1, top_k), "top_items"),
                        TensorSpec(np.dtype(np.float32), (-1, top_k), "top_scores")]))
    example = np.full((1, window), "", dtype=object)
    tail = example_items[-window:]
    example[0, window - len(tail):] = tail
    return signature, {"item_ids": example}


def register(model_dir: str, name: str, alias: str | None, tracking_uri: str | None, force: bool,
             experiment: str = DEFAULT_EXPERIMENT) -> dict:
    import mlflow
    import onnx
    import onnxruntime
    from mlflow import MlflowClient

    from .export_onnx import model_window

    model_path, result = _load_training_output(model_dir)
    if tracking_uri:
        mlflow.set_tracking_uri(tracking_uri)
    client = MlflowClient()
    metric_key = f"validation_{result['validation_metric']}"
    new_value = float(result["validation"][result["validation_metric"]])

    window = model_window(model_path)
    onnx_model = onnx.load(model_path)
    top_k = int(onnx_model.graph.output[0].type.tensor_type.shape.dim[1].dim_value)
    vocabulary = next(a.strings for n in onnx_model.graph.node if n.op_type == "LabelEncoder"
                      for a in n.attribute if a.name == "keys_strings")
    signature, example = _signature_and_example(window, top_k, [v.decode() for v in vocabulary[:3]])

    mlflow.set_experiment(experiment)
    with mlflow.start_run(run_name=f"{name}-seed{result.get('seed', '')}") as run:
        mlflow.log_params({"seed": result.get("seed"), "best_epoch": result.get("best_epoch"),
                           **{f"config.{k}": v for k, v in result.get("config", {}).items()},
                           **{f"hp.{k}": v for k, v in result.get("hyperparameters", {}).items()}})
        for split in ("validation", "test"):
            mlflow.log_metrics({f"{split}_{k}": float(v) for k, v in result.get(split, {}).items()
                                if isinstance(v, (int, float))})
        mlflow.log_metric("train_seconds", float(result.get("train_seconds", 0.0)))
        mlflow.set_tags({"evaluation_protocol": result["protocol"], "validation_metric": metric_key})
        for extra in ("metrics.json", "training.png"):
            if os.path.isfile(os.path.join(model_dir, extra)):
                mlflow.log_artifact(os.path.join(model_dir, extra))
        info = mlflow.onnx.log_model(onnx_model, name="model", signature=signature, input_example=example,
                                     registered_model_name=name, save_as_external_data=False,
                                     # Explicit requirements: MLflow would otherwise infer them in a subprocess.
                                     pip_requirements=[f"onnx=={onnx.__version__}",
                                                       f"onnxruntime=={onnxruntime.__version__}"],
                                     metadata={"evaluation_protocol": result["protocol"],
                                               metric_key: new_value})
    version = str(info.registered_model_version)
    client.set_model_version_tag(name, version, "evaluation_protocol", result["protocol"])
    client.set_model_version_tag(name, version, metric_key, str(new_value))

    outcome = {"name": name, "version": version, "run_id": run.info.run_id, "metric": metric_key,
               "value": new_value, "alias": alias, "alias_set": False, "previous": None}
    if alias:
        current = _current_holder(client, name, alias, metric_key)
        outcome["previous"] = current
        if force or current is None or new_value > current["value"]:
            client.set_registered_model_alias(name, alias, version)
            outcome["alias_set"] = True
            outcome["reason"] = ("forced" if force and current is not None and new_value <= current["value"]
                                 else "no previous holder" if current is None else "better on validation")
        else:
            outcome["reason"] = (f"kept version {current['version']}: its {metric_key} {current['value']:.4f} "
                                 f">= {new_value:.4f} (use --force to move the alias anyway)")
    return outcome


def _current_holder(client, name: str, alias: str, metric_key: str) -> dict | None:
    from mlflow.exceptions import MlflowException

    try:
        holder = client.get_model_version_by_alias(name, alias)
    except MlflowException:
        return None
    value = holder.tags.get(metric_key)
    if value is None and holder.run_id:
        value = client.get_run(holder.run_id).data.metrics.get(metric_key)
    # A holder without the metric (registered by other means) counts as beatable.
    return {"version": str(holder.version), "value": float(value) if value is not None else float("-inf")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="training output directory (model.onnx, metrics.json)")
    parser.add_argument("--name", required=True, help="registered model name, e.g. session-recs")
    parser.add_argument("--alias", help="alias to move to this version if it is better, e.g. champion")
    parser.add_argument("--tracking-uri", help="MLflow tracking server (default: MLFLOW_TRACKING_URI)")
    parser.add_argument("--experiment", default=DEFAULT_EXPERIMENT)
    parser.add_argument("--force", action="store_true", help="move the alias even if the model is not better")
    args = parser.parse_args(argv)
    outcome = register(args.model, args.name, args.alias, args.tracking_uri, args.force, args.experiment)
    print(json.dumps(outcome))
    return 0


if __name__ == "__main__":
    sys.exit(main())
