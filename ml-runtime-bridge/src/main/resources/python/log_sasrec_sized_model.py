"""Builds a SASRec-sized ONNX model (random weights) and logs it to MLflow with alias champion.

2 self-attention blocks, hidden 64, sequence 50, 43,097 items, top-20 inside the graph.
Input  `items`  int64 [batch, 50]  (item indices, 0 = padding)
Output `top_items` int64 [batch, 20], `top_scores` float32 [batch, 20]

Usage: log_sasrec_sized_model.py TRACKING_URI MODEL_NAME
"""
import sys

import mlflow
import numpy as np
import onnx
from mlflow.models import infer_signature
from onnx import TensorProto, helper, numpy_helper

ITEMS, HIDDEN, SEQ, BLOCKS, TOP = 43_097, 64, 50, 2, 20


def build() -> onnx.ModelProto:
    rng = np.random.default_rng(7)
    inits, nodes = [], []

    def w(name, shape, scale=0.05):
        inits.append(numpy_helper.from_array((rng.standard_normal(shape) * scale).astype(np.float32), name))
        return name

    def c(name, value, dtype=np.float32):
        inits.append(numpy_helper.from_array(np.array(value, dtype=dtype), name))
        return name

    def node(op, inputs, out, **attrs):
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    emb = w("item_emb", [ITEMS, HIDDEN])
    pos = w("pos_emb", [SEQ, HIDDEN])
    x = node("Gather", [emb, "items"], "x_items")
    x = node("Add", [x, pos], "x0")
    scale = c("scale", 1.0 / np.sqrt(HIDDEN))
    mask = c("causal", np.triu(np.full((SEQ, SEQ), -1e9, dtype=np.float32), 1))
    for b in range(BLOCKS):
        p = f"b{b}_"
        ln = node("LayerNormalization", [x, c(p + "g1", np.ones(HIDDEN)), c(p + "be1", np.zeros(HIDDEN))], p + "ln1", axis=-1)
        q = node("MatMul", [ln, w(p + "wq", [HIDDEN, HIDDEN])], p + "q")
        k = node("MatMul", [ln, w(p + "wk", [HIDDEN, HIDDEN])], p + "k")
        v = node("MatMul", [ln, w(p + "wv", [HIDDEN, HIDDEN])], p + "v")
        kt = node("Transpose", [k], p + "kt", perm=[0, 2, 1])
        s = node("MatMul", [q, kt], p + "s")
        s = node("Mul", [s, scale], p + "ss")
        s = node("Add", [s, mask], p + "sm")
        a = node("Softmax", [s], p + "a", axis=-1)
        h = node("MatMul", [a, v], p + "h")
        x = node("Add", [x, h], p + "r1")
        ln2 = node("LayerNormalization", [x, c(p + "g2", np.ones(HIDDEN)), c(p + "be2", np.zeros(HIDDEN))], p + "ln2", axis=-1)
        f = node("MatMul", [ln2, w(p + "w1", [HIDDEN, HIDDEN])], p + "f1")
        f = node("Relu", [f], p + "f1r")
        f = node("MatMul", [f, w(p + "w2", [HIDDEN, HIDDEN])], p + "f2")
        x = node("Add", [x, f], p + "r2")
    last = node("Gather", [x, c("last", SEQ - 1, np.int64)], "last_state", axis=1)  # [batch, hidden]
    emb_t = node("Transpose", [emb], "emb_t", perm=[1, 0])
    logits = node("MatMul", [last, emb_t], "logits")  # [batch, items]
    nodes.append(helper.make_node("TopK", [logits, c("k", [TOP], np.int64)], ["top_scores", "top_items"], axis=-1))
    graph = helper.make_graph(
        nodes,
        "sasrec_sized",
        [helper.make_tensor_value_info("items", TensorProto.INT64, [None, SEQ])],
        [
            helper.make_tensor_value_info("top_items", TensorProto.INT64, [None, TOP]),
            helper.make_tensor_value_info("top_scores", TensorProto.FLOAT, [None, TOP]),
        ],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model


def main() -> None:
    uri, name = sys.argv[1], sys.argv[2]
    mlflow.set_tracking_uri(uri)
    mlflow.set_experiment("walnut-bench")
    model = build()
    example = np.zeros((1, SEQ), dtype=np.int64)
    out = {"top_items": np.zeros((1, TOP), dtype=np.int64), "top_scores": np.zeros((1, TOP), dtype=np.float32)}
    with mlflow.start_run():
        info = mlflow.onnx.log_model(model, name="model", registered_model_name=name, signature=infer_signature({"items": example}, out))
    mlflow.MlflowClient().set_registered_model_alias(name, "champion", info.registered_model_version)
    print(f"version {info.registered_model_version}", flush=True)


if __name__ == "__main__":
    main()
