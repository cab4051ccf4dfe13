"""Tiny real session recommenders (the reference contract of models/README.md) for the Java tests.

    session_recs_models.py train OUT_DIR WINDOW SEED
        trains `python -m walnut_models.train` for a few steps on the first 400 Diginetica sessions
        (../shared/data/diginetica, or $WALNUT_DIGINETICA_DIR); prints "trained OUT_DIR"
    session_recs_models.py log TRACKING_URI NAME MODEL_DIR signed|unsigned
        logs MODEL_DIR/model.onnx as a new version of NAME (onnx flavor), with MLflow's signature or
        without one (what `mlflow.onnx.log_model` writes without an input example); prints one JSON
        line: the version, the window L, and the outputs Python's onnxruntime gives for histories
        shorter than, as long as, and longer than L (padded here, independently of Walnut: left with
        "", keeping the newest L)

Runs from the project root (PythonEnv's working directory), so `models/` is importable.
"""
import json
import os
import sys

sys.path.insert(0, os.path.abspath("models"))

TRAIN_ARGS = ["--dim", "32", "--heads", "2", "--layers", "2", "--negatives", "256",
              "--batch-tokens", "256", "--bucket-widths", "80", "--max-steps", "25", "--log-every", "25",
              "--val-fraction", "0.2", "--top-k", "21", "--max-train-sessions", "400",
              "--max-test-cases", "100", "--time-budget-min", "5"]


def train(out: str, window: str, seed: str) -> None:
    from walnut_models import train as trainer

    data = os.environ.get("WALNUT_DIGINETICA_DIR") or os.path.join("..", "shared", "data", "diginetica")
    for name in ("train_sessions.txt", "test.tsv"):
        if not os.path.isfile(os.path.join(data, name)):
            raise SystemExit(f"'{os.path.abspath(os.path.join(data, name))}' is missing: these tests train a tiny "
                             f"model on the Diginetica split (../shared/data/diginetica or $WALNUT_DIGINETICA_DIR)")
    code = trainer.main(["--train", os.path.join(data, "train_sessions.txt"), "--test", os.path.join(data, "test.tsv"),
                         "--out", out, "--window", window, "--seed", seed] + TRAIN_ARGS)
    if code != 0:
        raise SystemExit(f"training failed with exit code {code}")
    print(f"trained {out}", flush=True)


def log(uri: str, name: str, model_dir: str, mode: str) -> None:
    import mlflow
    import numpy as np
    import onnx
    import onnxruntime as ort

    path = os.path.join(model_dir, "model.onnx")
    model = onnx.load(path)
    window = model.graph.input[0].type.tensor_type.shape.dim[1].dim_value
    top_k = model.graph.output[0].type.tensor_type.shape.dim[1].dim_value
    vocabulary = [v.decode() for n in model.graph.node if n.op_type == "LabelEncoder"
                  for a in n.attribute if a.name == "keys_strings" for v in a.strings]
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("walnut-session-recs-tests")
    kwargs = {}
    if mode == "signed":
        from mlflow.models.signature import ModelSignature
        from mlflow.types.schema import Schema, TensorSpec

        kwargs["signature"] = ModelSignature(
            inputs=Schema([TensorSpec(np.dtype(object), (-1, window), "item_ids")]),
            outputs=Schema([TensorSpec(np.dtype(object), (-1, top_k), "top_items"),
                            TensorSpec(np.dtype(np.float32), (-1, top_k), "top_scores")]))
    elif mode != "unsigned":
        raise SystemExit(f"mode must be signed or unsigned, got {mode}")
    with mlflow.start_run():
        info = mlflow.onnx.log_model(model, name="model", registered_model_name=name,
                                     save_as_external_data=False, **kwargs)

    histories = [vocabulary[:3], vocabulary[3:3 + window], vocabulary[10:10 + window + 4], []]
    rows = np.array([[""] * (window - len(h[-window:])) + h[-window:] for h in histories], dtype=object)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    items, scores = session.run(["top_items", "top_scores"], {"item_ids": rows})
    cases = [{"history": h, "top_items": [str(s) for s in items[i]], "top_scores": [float(s) for s in scores[i]]}
             for i, h in enumerate(histories)]
    print(json.dumps({"version": str(info.registered_model_version), "window": window, "top_k": top_k,
                      "cases": cases}), flush=True)


def main() -> None:
    command, args = sys.argv[1], sys.argv[2:]
    if command == "train":
        train(*args)
    elif command == "log":
        log(*args)
    else:
        raise SystemExit(f"unknown command {command}: train or log")


if __name__ == "__main__":
    main()
