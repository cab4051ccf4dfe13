"""Trains the SASRec-class recommender, exports it to ONNX and evaluates the exported model.

    python -m walnut_models.train --train FILE --test FILE --out DIR [--time-budget-min N] [--seed S]

Writes DIR/model.onnx, DIR/metrics.json, DIR/training.png (and DIR/params.npz, the raw weights).
The validation split is the last --val-fraction of the training sessions in file (time) order;
early stopping and model selection use validation MRR@20 only; the test file is evaluated once,
on the exported ONNX model.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np

from . import metrics
from .data import (DEFAULT_BUCKETS, TrainingBatches, Vocabulary, left_padded_indices, prefix_cases, read_sessions,
                   read_test_cases, split_validation)

VALIDATION_METRIC = "mrr_at_20"


def _log(message: str) -> None:
    print(message, flush=True)


def _fmt_seconds(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}m{seconds % 60:02d}s"


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--train", required=True, help="training sessions, one per line (item ids in click order)")
    p.add_argument("--test", required=True, help="test cases, 'prefix ids<TAB>next id' per line")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--time-budget-min", type=float, default=30.0,
                   help="wall-clock budget for the whole run incl. data, export and evaluation (default 30)")
    p.add_argument("--budget-clock", choices=("cpu", "wall"), default="cpu",
                   help="what the time budget counts: this process's CPU time (default; the same work as "
                        "on a dedicated core when the machine is shared) or wall-clock time")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--dim", type=int, default=64)
    p.add_argument("--heads", type=int, default=2)
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--window", type=int, default=20, help="L, the number of newest items the model reads")
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--scale", type=float, default=16.0, help="cosine score scale")
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--batch-tokens", type=int, default=1024, help="training positions per batch")
    p.add_argument("--negatives", type=int, default=8192,
                   help="uniformly sampled negatives per batch (log-Q corrected); 0 = full softmax")
    p.add_argument("--bucket-widths", default=",".join(map(str, DEFAULT_BUCKETS)),
                   help="padded sequence widths of training batches (each is one XLA compilation)")
    p.add_argument("--max-epochs", type=int, default=12)
    p.add_argument("--patience", type=int, default=2, help="epochs without validation gain before stopping")
    p.add_argument("--val-fraction", type=float, default=0.05)
    p.add_argument("--max-train-sessions", type=int, default=0, help="use only the first N sessions (0 = all)")
    p.add_argument("--max-test-cases", type=int, default=0, help="evaluate only the first N test cases (0 = all)")
    p.add_argument("--max-steps", type=int, default=0, help="stop after N optimizer steps (0 = no limit)")
    p.add_argument("--top-k", type=int, default=100, help="K of the exported model's outputs (>= 20)")
    p.add_argument("--log-every", type=int, default=100)
    args = p.parse_args(argv)
    if args.top_k < 21:
        p.error("--top-k must be > 20 so strict ranks at cutoff 20 can be resolved")
    if args.dim % args.heads:
        p.error(f"--dim ({args.dim}) must be divisible by --heads ({args.heads})")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # The run is single-threaded (see README): its CPU time is what it would take on a dedicated core.
    clock = time.process_time if args.budget_clock == "cpu" else time.time
    started, wall_started = clock(), time.time()
    budget_s = args.time_budget_min * 60.0

    import jax
    import jax.numpy as jnp
    import optax

    from . import sasrec
    from .export_onnx import build_model
    from .evaluate import evaluate_onnx

    sessions = read_sessions(args.train)
    test_cases = read_test_cases(args.test)
    if args.max_train_sessions:
        sessions = sessions[:args.max_train_sessions]
    if args.max_test_cases:
        test_cases = test_cases[:args.max_test_cases]
    vocab = Vocabulary.from_sessions(sessions)
    fit_sessions, val_sessions = split_validation(sessions, args.val_fraction)
    val_cases = prefix_cases(val_sessions)
    if not val_cases:
        raise SystemExit("the validation split has no (prefix, next) case; use more sessions or a larger --val-fraction")
    config = sasrec.Config(num_items=vocab.size, dim=args.dim, heads=args.heads, layers=args.layers,
                           window=args.window, dropout=args.dropout, scale=args.scale)
    batches = TrainingBatches(fit_sessions, vocab, args.batch_tokens,
                              [int(w) for w in args.bucket_widths.split(",")])
    steps_per_epoch = batches.batches_per_epoch()
    _log(f"data: {len(sessions)} sessions, {vocab.size} items; fit {len(fit_sessions)} sessions "
         f"({batches.positions} positions, {steps_per_epoch} batches/epoch); validation "
         f"{len(val_sessions)} sessions ({len(val_cases)} cases, last {args.val_fraction:.0%} by order); "
         f"test {len(test_cases)} cases")
    _log(f"config: {json.dumps(config.to_json())} seed={args.seed} lr={args.lr} jax={jax.__version__} "
         f"devices={jax.devices()}")

    val_inputs = left_padded_indices([p for p, _ in val_cases], vocab, config.window)
    lookup = vocab.index_of()
    val_targets = np.array([lookup.get(t, 0) for _, t in val_cases], np.int64)

    params = sasrec.init_params(config, args.seed)
    adam = optax.chain(optax.clip_by_global_norm(1.0), optax.scale_by_adam())
    opt_state = adam.init(params)

    @jax.jit
    def train_step(params, opt_state, inputs, targets, lr, key):
        dropout_key, negative_key = jax.random.split(key)
        negatives = (jax.random.randint(negative_key, (args.negatives,), 1, config.num_items + 1)
                     if args.negatives else None)
        loss, grads = jax.value_and_grad(sasrec.loss_fn)(params, config, inputs, targets, dropout_key, negatives)
        updates, opt_state = adam.update(grads, opt_state, params)
        params = jax.tree_util.tree_map(lambda p, u: p - lr * u, params, updates)
        return params, opt_state, loss

    @jax.jit
    def score_batch(params, ids):
        return sasrec.last_position_scores(params, config, ids)

    def validate(params) -> dict:
        ranks = []
        for s in range(0, len(val_inputs), 512):
            scores = np.asarray(score_batch(params, jnp.asarray(val_inputs[s:s + 512])))
            ranks.append(metrics.ranks_from_scores(scores, val_targets[s:s + 512]))
        return metrics.summarize(np.concatenate(ranks))

    # Reserve time for export + ONNX evaluation of validation and test (measured ~1-2 min on full data).
    reserve_s = min(0.25 * budget_s, 60.0 + 0.002 * (len(test_cases) + len(val_cases)))
    train_deadline = started + budget_s - reserve_s
    warmup = min(300, max(1, steps_per_epoch // 4))
    planned_steps = steps_per_epoch * args.max_epochs
    if args.max_steps:
        planned_steps = min(planned_steps, args.max_steps)

    def learning_rate(step: int) -> float:
        """Linear warm-up, then cosine decay to 5% at `planned_steps` (re-fitted to the budget while training)."""
        if step < warmup:
            return args.lr * (step + 1) / warmup
        progress = min(1.0, (step - warmup) / max(1, planned_steps - warmup))
        return args.lr * (0.05 + 0.95 * 0.5 * (1.0 + np.cos(np.pi * progress)))

    rng = np.random.default_rng(args.seed)
    key = jax.random.PRNGKey(args.seed)
    history, best, best_params, best_epoch, stale = [], None, None, 0, 0
    step, stop_reason, step_times = 0, "max epochs", []
    train_started = clock()
    for epoch in range(1, args.max_epochs + 1):
        epoch_started, losses = clock(), []
        for inputs, targets in batches.epoch(rng):
            key, sub = jax.random.split(key)
            params, opt_state, loss = train_step(params, opt_state, jnp.asarray(inputs), jnp.asarray(targets),
                                                 jnp.float32(learning_rate(step)), sub)
            step += 1
            losses.append(float(loss))  # also waits for the step, so the timings below are real
            step_times.append(clock())
            if step % args.log_every == 0:
                done = len(losses) / steps_per_epoch
                elapsed_epoch = clock() - epoch_started
                eta_epoch = elapsed_epoch / max(done, 1e-9) * (1 - done)
                _log(f"epoch {epoch} step {len(losses)}/{steps_per_epoch} loss {float(np.mean(losses[-args.log_every:])):.4f} "
                     f"lr {learning_rate(step):.2e} epoch ETA {_fmt_seconds(eta_epoch)} "
                     f"budget left {_fmt_seconds(train_deadline - clock())} ({args.budget_clock} clock)")
            if args.max_steps == 0 and step % 50 == 0 and len(step_times) >= 50:
                # Fit the cosine schedule to the steps the time budget still allows, from the measured
                # speed of the last 50 steps (the machine is shared, so the speed varies).
                per_step = (step_times[-1] - step_times[-50]) / 49
                affordable = step + int((train_deadline - clock()) / per_step)
                planned_steps = max(step + 1, min(steps_per_epoch * args.max_epochs, affordable))
                if step % 500 == 0:
                    _log(f"schedule: {per_step * 1000:.0f} ms/step -> planning {planned_steps} steps "
                         f"(~{planned_steps / steps_per_epoch:.1f} epochs)")
            if clock() > train_deadline or (args.max_steps and step >= args.max_steps):
                break
        epoch_loss = float(np.mean(losses)) if losses else float("nan")
        val = validate(params)
        history.append({"epoch": epoch, "steps": step, "loss": epoch_loss, "seconds": clock() - train_started,
                        **{f"val_{k}": v for k, v in val.items() if k != "cases"}})
        improved = best is None or val[VALIDATION_METRIC] > best[VALIDATION_METRIC]
        if improved:
            best, best_epoch, stale = val, epoch, 0
            best_params = jax.tree_util.tree_map(np.asarray, params)
        else:
            stale += 1
        per_epoch = (clock() - train_started) / epoch
        eta = min(per_epoch * (args.max_epochs - epoch), max(0.0, train_deadline - clock()))
        _log(f"epoch {epoch} done: loss {epoch_loss:.4f} val Recall@20 {val['recall_at_20']:.4f} "
             f"MRR@20 {val['mrr_at_20']:.4f}{' (best)' if improved else ''} "
             f"epoch {_fmt_seconds(clock() - epoch_started)} ETA {_fmt_seconds(eta)}")
        if args.max_steps and step >= args.max_steps:
            stop_reason = "max steps"
            break
        if stale >= args.patience:
            stop_reason = f"early stopping (no validation gain for {args.patience} epochs)"
            break
        if epoch == args.max_epochs:
            break  # stop_reason stays "max epochs"
        if clock() > train_deadline or clock() + per_epoch * 0.5 > train_deadline:
            stop_reason = "time budget"
            break
    train_seconds = clock() - train_started
    _log(f"training stopped: {stop_reason}; best epoch {best_epoch}; {train_seconds:.0f} s")

    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, "model.onnx")
    onnx_model = build_model(best_params, config, vocab, top_k=args.top_k,
                             metadata={"validation_metric": VALIDATION_METRIC, "protocol": metrics.PROTOCOL,
                                       "seed": args.seed})
    with open(model_path, "wb") as f:
        f.write(onnx_model.SerializeToString())
    np.savez(os.path.join(args.out, "params.npz"), **_flatten(best_params))
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config.to_json(), f, indent=2)
    with open(os.path.join(args.out, "vocabulary.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(vocab.ids) + "\n")

    val_onnx = evaluate_onnx(model_path, val_cases)
    test_onnx = evaluate_onnx(model_path, test_cases)
    total_seconds = clock() - started
    wall_seconds = time.time() - wall_started
    result = {
        "model": "sasrec-relpos-cosine",
        "validation_metric": VALIDATION_METRIC,
        "validation": val_onnx,
        "test": test_onnx,
        "protocol": metrics.PROTOCOL,
        "tie_rule": metrics.TIE_RULE,
        "seed": args.seed,
        "config": config.to_json(),
        "hyperparameters": {"lr": args.lr, "batch_tokens": args.batch_tokens, "val_fraction": args.val_fraction,
                            "max_epochs": args.max_epochs, "negatives": args.negatives, "patience": args.patience, "top_k": args.top_k},
        "best_epoch": best_epoch,
        "stop_reason": stop_reason,
        "budget_clock": args.budget_clock,
        "train_seconds": train_seconds,
        "total_seconds": total_seconds,
        "wall_seconds": wall_seconds,
        "history": history,
        "data": {"train": os.path.abspath(args.train), "test": os.path.abspath(args.test),
                 "sessions": len(sessions), "fit_sessions": len(fit_sessions), "val_cases": len(val_cases),
                 "test_cases": len(test_cases), "items": vocab.size},
    }
    with open(os.path.join(args.out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    _plot(history, os.path.join(args.out, "training.png"))
    _log(metrics.format_metrics("validation (onnx)", val_onnx))
    _log(metrics.format_metrics("test (onnx)", test_onnx))
    _log(f"wrote {model_path}; training {train_seconds:.0f} s, total {total_seconds:.0f} s "
         f"({args.budget_clock} clock; wall-clock {wall_seconds:.0f} s)")
    return 0


def _flatten(params: dict) -> dict:
    flat = {k: v for k, v in params.items() if k != "blocks"}
    for i, block in enumerate(params["blocks"]):
        flat.update({f"blocks.{i}.{k}": v for k, v in block.items()})
    return flat


def load_params(path: str) -> dict:
    """Inverse of the params.npz written by training."""
    data = np.load(path)
    params = {"blocks": []}
    for name in data.files:
        if name.startswith("blocks."):
            _, index, key = name.split(".", 2)
            while len(params["blocks"]) <= int(index):
                params["blocks"].append({})
            params["blocks"][int(index)][key] = data[name]
        else:
            params[name] = data[name]
    return params


def _plot(history: list[dict], path: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    epochs = [h["epoch"] for h in history]
    fig, (ax_loss, ax_val) = plt.subplots(1, 2, figsize=(10, 4))
    ax_loss.plot(epochs, [h["loss"] for h in history], marker="o")
    ax_loss.set_xlabel("epoch")
    ax_loss.set_ylabel("training loss (cross-entropy)")
    ax_val.plot(epochs, [h["val_recall_at_20"] for h in history], marker="o", label="Recall@20")
    ax_val.plot(epochs, [h["val_mrr_at_20"] for h in history], marker="o", label="MRR@20")
    ax_val.set_xlabel("epoch")
    ax_val.set_ylabel("validation")
    ax_val.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, ValueError) as error:  # bad input files: say which, without a traceback
        sys.exit(f"error: {error}")
