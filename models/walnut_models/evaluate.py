"""Evaluates an exported ONNX model on a test file (full ranking; see metrics.PROTOCOL).

    python -m walnut_models.evaluate --model DIR/model.onnx --test FILE [--json OUT] [--ranks OUT.npy]

--ranks keeps every test case's rank (in file order) for paired comparisons (walnut_models.report).
"""
from __future__ import annotations

import argparse
import json
import sys
import time

import numpy as np

from . import metrics
from .data import read_test_cases
from .onnx_scoring import OnnxRecommender


def evaluate_onnx(model_path: str, cases: list[tuple[list[str], str]], threads: int = 1,
                  keep_ranks: bool = False) -> dict:
    model = OnnxRecommender(model_path, threads=threads)
    prefixes = [p for p, _ in cases]
    targets = np.array([t for _, t in cases], dtype=object)
    ranks, ambiguous, offset = [], 0, 0
    for top_items, top_scores in model.recommend(prefixes):
        batch_targets = targets[offset:offset + len(top_items)]
        offset += len(top_items)
        r, a = metrics.ranks_from_top_lists(top_items, top_scores, batch_targets)
        ranks.append(r)
        ambiguous += a
    all_ranks = np.concatenate(ranks) if ranks else np.zeros(0, np.int64)
    result = metrics.summarize(all_ranks)
    result["unresolved_ties_counted_as_miss"] = ambiguous
    if keep_ranks:
        result["ranks"] = all_ranks
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="path to model.onnx")
    parser.add_argument("--test", required=True, help="test file: 'prefix ids<TAB>next id' per line")
    parser.add_argument("--threads", type=int, default=1, help="ONNX Runtime intra-op threads (default 1)")
    parser.add_argument("--json", help="also write the metrics to this JSON file")
    parser.add_argument("--ranks", help="also write every case's rank (int64, file order) to this .npy file")
    args = parser.parse_args(argv)

    cases = read_test_cases(args.test)
    started = time.time()
    result = evaluate_onnx(args.model, cases, args.threads, keep_ranks=bool(args.ranks))
    if args.ranks:
        np.save(args.ranks, result.pop("ranks"))
    print(f"protocol: {metrics.PROTOCOL}")
    print(metrics.format_metrics("onnx model", result))
    print(f"unresolved ties counted as misses: {result['unresolved_ties_counted_as_miss']}; "
          f"evaluated in {time.time() - started:.1f} s")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"test": result, "protocol": metrics.PROTOCOL}, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, ValueError) as error:  # bad input files: say which, without a traceback
        sys.exit(f"error: {error}")
