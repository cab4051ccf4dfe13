"""Latency of the exported model in ONNX Runtime (CPU, 1 intra-op thread), single requests.

    python -m walnut_models.bench_onnx --model DIR/model.onnx --test FILE [--requests 3000]

Requests are real test prefixes. Prints a table: the exported model, and as the reference the
floor any catalogue-wide scorer pays — a graph with only the item MatMul + TopK of the same size —
measured in the same run.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .data import left_padded_strings, read_test_cases
from .onnx_scoring import OnnxRecommender


def _percentiles(samples: list[float]) -> dict[str, float]:
    a = np.asarray(samples) * 1000.0
    return {"p50": np.percentile(a, 50), "p90": np.percentile(a, 90), "p99": np.percentile(a, 99), "max": a.max()}


def _floor_model(path: str, dim: int, catalogue: int, top_k: int) -> bytes:
    rng = np.random.default_rng(0)
    table = rng.standard_normal((catalogue, dim)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["h", "table"], ["s"], transB=1),
         helper.make_node("TopK", ["s", "k"], ["v", "i"], axis=-1)],
        "floor", [helper.make_tensor_value_info("h", TensorProto.FLOAT, [None, dim])],
        [helper.make_tensor_value_info("v", TensorProto.FLOAT, None),
         helper.make_tensor_value_info("i", TensorProto.INT64, None)],
        [numpy_helper.from_array(table, "table"), numpy_helper.from_array(np.array([top_k], np.int64), "k")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 9
    return model.SerializeToString()


def _time(run, inputs: list, warmup: int) -> tuple[list[float], list[float]]:
    """Wall-clock and thread CPU time per request. With one intra-op thread ONNX Runtime runs the
    kernels on the calling thread, so CPU time is the request's own cost even when other processes
    preempt it on a shared machine (wall-clock then shows their interference too)."""
    for x in inputs[:warmup]:
        run(x)
    wall, cpu = [], []
    for x in inputs:
        started, started_cpu = time.perf_counter(), time.thread_time()
        run(x)
        cpu.append(time.thread_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--test", required=True, help="test file whose prefixes are the requests")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--warmup", type=int, default=200)
    args = parser.parse_args(argv)

    import onnxruntime as ort

    model = OnnxRecommender(args.model, threads=1)
    cases = read_test_cases(args.test)[:args.requests]
    requests = [left_padded_strings([p], model.window) for p, _ in cases]
    proto = onnx.load(args.model)
    table = next(i for i in proto.graph.initializer if i.name.startswith("item_emb_normalized"))
    catalogue, dim = table.dims[0], table.dims[1]

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    floor = ort.InferenceSession(_floor_model(args.model, dim, catalogue, model.top_k), options,
                                 providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(1)
    floor_inputs = [rng.standard_normal((1, dim)).astype(np.float32) for _ in requests]

    rows = [
        ("exported model, batch 1", *_time(model.run, requests, args.warmup)),
        ("floor: Gemm+TopK only, batch 1", *_time(lambda x: floor.run(None, {"h": x}), floor_inputs, args.warmup)),
    ]
    print(f"ONNX Runtime {ort.__version__}, CPU, 1 intra-op thread; catalogue {catalogue} items, d={dim}, "
          f"L={model.window}, K={model.top_k}; {len(requests)} single requests (real test prefixes); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'':<32}{'wall p50':>10}{'p90':>8}{'p99':>8}{'max':>8}{'cpu p50':>10}{'p90':>8}{'p99':>8}{'max':>8}  (ms)")
    for name, wall, cpu in rows:
        w, c = _percentiles(wall), _percentiles(cpu)
        print(f"{name:<32}{w['p50']:>10.3f}{w['p90']:>8.3f}{w['p99']:>8.3f}{w['max']:>8.3f}"
              f"{c['p50']:>10.3f}{c['p90']:>8.3f}{c['p99']:>8.3f}{c['max']:>8.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
