"""Re-exports a training run's weights (DIR/params.npz + DIR/config.json) to DIR/model.onnx.

    python -m walnut_models.export --run DIR [--train FILE] [--top-k K]

The vocabulary comes from DIR/vocabulary.txt, or is rebuilt from the training file (ids in order
of first appearance, exactly as training builds it). Useful when the export changes, not the model.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from . import metrics
from .data import Vocabulary, read_sessions
from .export_onnx import build_model
from .sasrec import Config
from .train import VALIDATION_METRIC, load_params


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--run", required=True, help="training output directory")
    parser.add_argument("--train", help="training file, if DIR/vocabulary.txt is absent")
    parser.add_argument("--top-k", type=int, default=100)
    args = parser.parse_args(argv)

    vocab_path = os.path.join(args.run, "vocabulary.txt")
    if os.path.isfile(vocab_path):
        with open(vocab_path, encoding="utf-8") as f:
            vocab = Vocabulary(tuple(line.rstrip("\n") for line in f if line.strip()))
    elif args.train:
        vocab = Vocabulary.from_sessions(read_sessions(args.train))
        with open(vocab_path, "w", encoding="utf-8") as f:
            f.write("\n".join(vocab.ids) + "\n")
    else:
        raise SystemExit(f"'{vocab_path}' is missing: pass --train FILE (the file the run was trained on)")
    with open(os.path.join(args.run, "config.json"), encoding="utf-8") as f:
        config = Config(**json.load(f))
    seed = json.load(open(os.path.join(args.run, "metrics.json"))).get("seed", "") \
        if os.path.isfile(os.path.join(args.run, "metrics.json")) else ""
    model = build_model(load_params(os.path.join(args.run, "params.npz")), config, vocab, top_k=args.top_k,
                        metadata={"validation_metric": VALIDATION_METRIC, "protocol": metrics.PROTOCOL,
                                  "seed": seed})
    path = os.path.join(args.run, "model.onnx")
    with open(path, "wb") as f:
        f.write(model.SerializeToString())
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
