"""Summarises training runs (mean ± std over seeds) next to the baselines, as a Markdown table.

    python -m walnut_models.report --runs runs/seed1 runs/seed2 runs/seed3 [--baselines runs/baselines.json]
        [--paired runs/seed1/test.ranks.npy ... --against runs/baselines/sknn.ranks.npy]

--paired compares each model with a baseline on the same test cases: the per-case differences of
hit@20 and reciprocal rank@20, their mean with a 95 % confidence interval (normal approximation of
the paired differences; n is ~60,000) and the z score. Rank files come from
`evaluate --ranks` and `baselines --ranks-dir`.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

KEYS = ("recall_at_20", "mrr_at_20", "recall_at_10", "ndcg_at_10")
HEADER = "| model | Recall@20 | MRR@20 | Recall@10 | NDCG@10 | notes |\n|---|---|---|---|---|---|"


def _cell(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.4f}"
    return f"{np.mean(values):.4f} ± {np.std(values, ddof=1):.4f}"


def paired_difference(model_ranks: np.ndarray, baseline_ranks: np.ndarray) -> dict[str, tuple[float, float, float]]:
    """Per metric: (mean difference model - baseline, half-width of its 95 % interval, z)."""
    if model_ranks.shape != baseline_ranks.shape:
        raise ValueError(f"rank files cover different cases: {model_ranks.shape} vs {baseline_ranks.shape}")
    out = {}
    for name, per_case in (("recall_at_20", lambda r: (r < 20).astype(np.float64)),
                           ("mrr_at_20", lambda r: np.where(r < 20, 1.0 / (r + 1.0), 0.0))):
        d = per_case(model_ranks) - per_case(baseline_ranks)
        se = d.std(ddof=1) / np.sqrt(d.size)
        out[name] = (float(d.mean()), float(1.96 * se), float(d.mean() / se) if se > 0 else float("inf"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", nargs="+", required=True, help="training output directories")
    parser.add_argument("--baselines", help="JSON written by walnut_models.baselines --json")
    parser.add_argument("--paired", nargs="*", default=[], help="per-case rank files of models (evaluate --ranks)")
    parser.add_argument("--against", help="per-case rank file of the baseline to compare with")
    args = parser.parse_args(argv)
    if bool(args.paired) != bool(args.against):
        parser.error("--paired and --against go together")

    results = [json.load(open(os.path.join(run, "metrics.json"))) for run in args.runs]
    lines = [HEADER]
    seeds = ", ".join(str(r["seed"]) for r in results)
    train_min = [r["train_seconds"] / 60 for r in results]
    lines.append(f"| SASRec-class (ONNX, test) | " + " | ".join(_cell([r["test"][k] for r in results]) for k in KEYS)
                 + f" | seeds {seeds}; training {np.mean(train_min):.1f} min (mean), epochs "
                 f"{', '.join(str(len(r['history'])) for r in results)} |")
    lines.append(f"| SASRec-class (ONNX, validation) | " + " | ".join(_cell([r["validation"][k] for r in results])
                                                          for k in KEYS) + " | last 5 % of train sessions |")
    if args.baselines:
        for name, m in json.load(open(args.baselines))["test"].items():
            lines.append(f"| {name} (test) | " + " | ".join(f"{m[k]:.4f}" for k in KEYS) + " | |")
    print("\n".join(lines))
    print()
    for run, r in zip(args.runs, results):
        test = r["test"]
        print(f"{run}: seed {r['seed']} test R@20 {test['recall_at_20']:.4f} MRR@20 {test['mrr_at_20']:.4f} "
              f"val MRR@20 {r['validation']['mrr_at_20']:.4f} best epoch {r['best_epoch']} "
              f"train {r['train_seconds']:.0f} s ({r.get('budget_clock', 'wall')} clock), stop: {r['stop_reason']}")
    if args.paired:
        baseline = np.load(args.against)
        print()
        print(f"paired differences against {args.against} ({baseline.size} cases; 95 % interval, z):")
        for path in args.paired:
            diff = paired_difference(np.load(path), baseline)
            print(f"  {path}: " + "; ".join(f"{k} {m:+.4f} ± {h:.4f} (z {z:.1f})" for k, (m, h, z) in diff.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
