"""Builds the self-contained ONNX graph of a trained model, from its weights, with onnx.helper.

Contract (the Java bridge and the tests rely on it):
  input   item_ids    tensor(string) [batch, L]  ids oldest -> newest, left-padded with "";
                                                 unknown ids behave like padding
  outputs top_items   tensor(string) [batch, K]  best first, never "" (padding is masked)
          top_scores  tensor(float)  [batch, K]
The id <-> index vocabulary is inside the graph (ai.onnx.ml LabelEncoder, both directions).
"""
from __future__ import annotations

import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .data import Vocabulary
from .sasrec import EPS_LN, EPS_NORM, MASKED, Config

IR_VERSION = 9  # onnx >= 1.17 writes a newer IR by default, which older ONNX Runtime builds refuse
OPSET = 17
ML_OPSET = 3  # ai.onnx.ml LabelEncoder with string keys / string values
INPUT = "item_ids"
OUTPUT_ITEMS = "top_items"
OUTPUT_SCORES = "top_scores"


class _Graph:
    def __init__(self):
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, hint: str, value: np.ndarray) -> str:
        name = self.name(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def op(self, op_type: str, inputs: list[str], hint: str | None = None, outputs: int = 1,
           domain: str = "", output_names: list[str] | None = None, **attrs) -> str | list[str]:
        names = output_names or [self.name(hint or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, domain=domain, **attrs))
        return names[0] if outputs == 1 else names


def _layer_norm(g: _Graph, x: str, gamma: np.ndarray, beta: np.ndarray) -> str:
    return g.op("LayerNormalization", [x, g.const("ln_g", gamma), g.const("ln_b", beta)],
                axis=-1, epsilon=EPS_LN)


def _linear(g: _Graph, x: str, w: np.ndarray, b: np.ndarray) -> str:
    return g.op("Add", [g.op("MatMul", [x, g.const("w", w)]), g.const("b", b)])


def _gelu_tanh(g: _Graph, x: str) -> str:
    # Gelu is an operator only from opset 20; this is the same tanh approximation the model trains with.
    cube = g.op("Mul", [g.op("Mul", [x, x]), x])
    inner = g.op("Add", [x, g.op("Mul", [cube, g.const("c", np.float32(0.044715))])])
    t = g.op("Tanh", [g.op("Mul", [inner, g.const("c", np.float32(np.sqrt(2.0 / np.pi)))])])
    half_x = g.op("Mul", [x, g.const("half", np.float32(0.5))])
    return g.op("Mul", [half_x, g.op("Add", [t, g.const("one", np.float32(1.0))])])


def _l2_normalize(g: _Graph, x: str) -> str:
    sum_sq = g.op("ReduceSumSquare", [x], axes=[-1], keepdims=1)
    norm = g.op("Sqrt", [g.op("Add", [sum_sq, g.const("eps", np.float32(EPS_NORM))])])
    return g.op("Div", [x, norm])


def build_model(params: dict, config: Config, vocab: Vocabulary, top_k: int = 100,
                metadata: dict | None = None) -> onnx.ModelProto:
    if "" in vocab.ids:
        raise ValueError("the empty string is the padding id and cannot be an item id")
    if top_k < 20 or top_k > vocab.size:
        raise ValueError(f"top_k must be between 20 and the catalogue size {vocab.size}, got {top_k}")
    p = {k: np.asarray(v) for k, v in params.items() if k != "blocks"}
    blocks = [{k: np.asarray(v) for k, v in b.items()} for b in params["blocks"]]
    window, heads, dim = config.window, config.heads, config.dim
    head_dim = dim // heads

    emb = p["item_emb"].astype(np.float32)
    # Only the N real items (model index i is row i - 1): padding has no row, so it can never be scored.
    items_n = (emb / np.sqrt((emb * emb).sum(-1, keepdims=True) + EPS_NORM)).astype(np.float32)[1:]

    g = _Graph()
    row = g.op("LabelEncoder", [INPUT], hint="item_row", domain="ai.onnx.ml",
               keys_strings=list(vocab.ids), values_int64s=list(range(vocab.size)), default_int64=-1)
    valid = g.op("Not", [g.op("Equal", [row, g.const("unknown", np.array(-1, np.int64))])])  # [B, L]
    table = g.const("item_emb_normalized", items_n)
    # Padding/unknown read row 0 (item 1), as in the JAX model; they are masked below.
    x = g.op("Gather", [table, g.op("Max", [row, g.const("zero", np.array(0, np.int64))])], axis=0)  # [B, L, d]

    # Attention mask [B, 1, L, L]: causal (the graph sees exactly the last `window` items) and key != padding.
    key_valid = g.op("Unsqueeze", [valid, g.const("axes", np.array([1, 2], np.int64))])
    distance = np.arange(window)[:, None] - np.arange(window)[None, :]
    causal = g.const("causal", (distance >= 0)[None, None])
    mask = g.op("And", [causal, key_valid])
    dist_index = np.clip(distance, 0, window - 1)
    split_heads = g.const("shape", np.array([0, 0, heads, head_dim], np.int64))
    merge_heads = g.const("shape", np.array([0, 0, dim], np.int64))
    masked = g.const("masked", np.float32(MASKED))
    inv_sqrt = g.const("inv_sqrt_hd", np.float32(1.0 / np.sqrt(head_dim)))

    for block in blocks:
        y = _layer_norm(g, x, block["ln1_g"], block["ln1_b"])
        q = g.op("Transpose", [g.op("Reshape", [_linear(g, y, block["wq"], block["bq"]), split_heads])], perm=[0, 2, 1, 3])
        k = g.op("Transpose", [g.op("Reshape", [_linear(g, y, block["wk"], block["bk"]), split_heads])], perm=[0, 2, 3, 1])
        v = g.op("Transpose", [g.op("Reshape", [_linear(g, y, block["wv"], block["bv"]), split_heads])], perm=[0, 2, 1, 3])
        logits = g.op("Mul", [g.op("MatMul", [q, k]), inv_sqrt])
        bias = block["dist_bias"][:, dist_index][None].astype(np.float32)  # [1, H, L, L]
        logits = g.op("Add", [logits, g.const("dist_bias", bias)])
        logits = g.op("Where", [mask, logits, masked])
        attn = g.op("Softmax", [logits], axis=-1)
        out = g.op("Reshape", [g.op("Transpose", [g.op("MatMul", [attn, v])], perm=[0, 2, 1, 3]), merge_heads])
        x = g.op("Add", [x, _linear(g, out, block["wo"], block["bo"])])
        y = _layer_norm(g, x, block["ln2_g"], block["ln2_b"])
        y = _gelu_tanh(g, _linear(g, y, block["w1"], block["b1"]))
        x = g.op("Add", [x, _linear(g, y, block["w2"], block["b2"])])

    # The session vector is read at the newest known item (trailing unknown ids act like padding).
    position = g.op("Mul", [g.op("Cast", [valid], to=TensorProto.INT64),
                            g.const("positions", np.arange(1, window + 1, dtype=np.int64))])
    newest_index = g.op("ArgMax", [position], axis=1, keepdims=1)  # [B, 1]
    newest_index = g.op("Expand", [g.op("Unsqueeze", [newest_index, g.const("axes", np.array([2], np.int64))]),
                                   g.const("shape", np.array([1, 1, dim], np.int64))])  # [B, 1, d]
    newest = g.op("Squeeze", [g.op("GatherElements", [x, newest_index], axis=1),
                              g.const("axes", np.array([1], np.int64))])  # [B, d]
    h = _l2_normalize(g, _layer_norm(g, newest, p["final_ln_g"], p["final_ln_b"]))
    scores = g.op("Gemm", [h, table], alpha=float(config.scale), transB=1)  # [B, N]
    top_scores, top_index = g.op("TopK", [scores, g.const("k", np.array([top_k], np.int64))],
                                 outputs=2, output_names=[OUTPUT_SCORES, "top_index"],
                                 axis=-1, largest=1, sorted=1)
    g.op("LabelEncoder", [top_index], domain="ai.onnx.ml", output_names=[OUTPUT_ITEMS],
         keys_int64s=list(range(vocab.size)), values_strings=list(vocab.ids), default_string="")

    graph = helper.make_graph(
        g.nodes, "walnut_session_recs",
        [helper.make_tensor_value_info(INPUT, TensorProto.STRING, ["batch", window])],
        [helper.make_tensor_value_info(OUTPUT_ITEMS, TensorProto.STRING, ["batch", top_k]),
         helper.make_tensor_value_info(OUTPUT_SCORES, TensorProto.FLOAT, ["batch", top_k])],
        g.initializers)
    model = helper.make_model(graph, producer_name="walnut_models",
                              opset_imports=[helper.make_opsetid("", OPSET),
                                             helper.make_opsetid("ai.onnx.ml", ML_OPSET)])
    model.ir_version = IR_VERSION
    meta = {"window": str(window), "top_k": str(top_k), "num_items": str(vocab.size),
            "config": json.dumps(config.to_json())}
    meta.update({k: str(v) for k, v in (metadata or {}).items()})
    helper.set_model_props(model, meta)
    onnx.checker.check_model(model, full_check=True)
    return model


def model_window(model_path: str) -> int:
    """L, read from the input shape of an exported model."""
    model = onnx.load(model_path, load_external_data=False)
    dims = model.graph.input[0].type.tensor_type.shape.dim
    return int(dims[1].dim_value)
