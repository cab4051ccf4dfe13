"""Writes an ONNX model with string tensors: `ids` string [N] -> `echo` = ids, `n` = N (int64).

Usage: make_string_model.py OUT_FILE
"""
import sys

import onnx
from onnx import TensorProto, helper

ids = helper.make_tensor_value_info("ids", TensorProto.STRING, [None])
echo = helper.make_tensor_value_info("echo", TensorProto.STRING, [None])
n = helper.make_tensor_value_info("n", TensorProto.INT64, [1])
graph = helper.make_graph(
    [helper.make_node("Identity", ["ids"], ["echo"]), helper.make_node("Shape", ["ids"], ["n"])],
    "strings",
    [ids],
    [echo, n],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
model.ir_version = 9
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
