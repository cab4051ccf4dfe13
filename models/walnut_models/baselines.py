"""Simple baselines, evaluated with the same metrics and tie rule as the ONNX model.

    python -m walnut_models.baselines --train FILE --test FILE [--json OUT]

* most-popular: item click counts in the training sessions.
* co-visitation: sequential rules i -> j counted for j following i within 5 clicks in a training
  session, weighted 1/gap; a prefix scores items by the rules of its items, the newest weighted
  most (recency decay 1/(1+r) for the item r clicks back).
* session-kNN (V-SKNN style): prefix items weighted by recency (exp(-r/2)); neighbour sessions
  are the 100 training sessions with the highest weighted overlap, divided by sqrt(session
  length); an item's score is the sum of the similarities of the neighbours that contain it.
A baseline's score ties (many items score 0) are broken by training popularity, then by id: with
the strict tie rule alone, a target scoring 0 would otherwise be ranked above every other 0.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

from . import metrics
from .data import Vocabulary, read_sessions, read_test_cases

RULE_GAP = 5
NEIGHBOURS = 100


def _popularity(encoded: list[np.ndarray], n: int) -> np.ndarray:
    counts = np.zeros(n + 1, np.float64)
    for s in encoded:
        np.add.at(counts, s, 1.0)
    return counts


def _tiebreak(popularity: np.ndarray) -> np.ndarray:
    """A distinct value per item: higher = more popular (then lower index); padding lowest."""
    order = np.lexsort((np.arange(len(popularity)), -popularity))  # best first
    tb = np.empty(len(popularity), np.int64)
    tb[order] = np.arange(len(popularity))[::-1]
    tb[0] = -1
    return tb


def ranks_with_tiebreak(scores: np.ndarray, targets: np.ndarray, tiebreak: np.ndarray) -> np.ndarray:
    rows = np.arange(len(targets))
    target_scores = scores[rows, targets][:, None]
    greater = (scores > target_scores).sum(1)
    tied_better = ((scores == target_scores) & (tiebreak[None, :] > tiebreak[targets][:, None])).sum(1)
    return greater + tied_better


def _prefix_matrix(prefixes: list[np.ndarray], n: int, weight) -> sp.csr_matrix:
    rows, cols, vals = [], [], []
    for r, prefix in enumerate(prefixes):
        for back, item in enumerate(prefix[::-1]):
            if item:
                rows.append(r)
                cols.append(item)
                vals.append(weight(back))
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(prefixes), n + 1))


class MostPopular:
    name = "most-popular"
    key = "most_popular"

    def __init__(self, encoded, n):
        self.pop = _popularity(encoded, n)

    def scores(self, prefixes):
        return np.tile(self.pop, (len(prefixes), 1))


class CoVisitation:
    name = "co-visitation (seq. rules)"
    key = "covisitation"

    def __init__(self, encoded, n):
        rows, cols, vals = [], [], []
        for s in encoded:
            for gap in range(1, RULE_GAP + 1):
                if len(s) > gap:
                    a, b = s[:-gap], s[gap:]
                    keep = a != b
                    rows.append(a[keep])
                    cols.append(b[keep])
                    vals.append(np.full(int(keep.sum()), 1.0 / gap))
        self.rules = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                   shape=(n + 1, n + 1))
        self.n = n

    def scores(self, prefixes):
        q = _prefix_matrix(prefixes, self.n, lambda back: 1.0 / (1.0 + back))
        return (q @ self.rules).toarray()


class SessionKnn:
    name = "session-kNN (V-SKNN style)"
    key = "sknn"

    def __init__(self, encoded, n):
        rows, cols = [], []
        for r, s in enumerate(encoded):
            u = np.unique(s)
            rows.append(np.full(len(u), r))
            cols.append(u)
        incidence = sp.csr_matrix((np.ones(sum(len(c) for c in cols)), (np.concatenate(rows), np.concatenate(cols))),
                                  shape=(len(encoded), n + 1))
        lengths = np.asarray(incidence.sum(1)).ravel()
        self.incidence = incidence
        self.item_sessions = (sp.diags(1.0 / np.sqrt(np.maximum(lengths, 1.0))) @ incidence).T.tocsr()
        self.n = n

    def scores(self, prefixes):
        q = _prefix_matrix(prefixes, self.n, lambda back: float(np.exp(-back / 2.0)))
        sim = (q @ self.item_sessions).tocsr()  # [B, sessions]
        rows, cols, vals = [], [], []
        for r in range(sim.shape[0]):
            start, end = sim.indptr[r], sim.indptr[r + 1]
            data, idx = sim.data[start:end], sim.indices[start:end]
            if len(data) > NEIGHBOURS:
                top = np.argpartition(-data, NEIGHBOURS)[:NEIGHBOURS]
                data, idx = data[top], idx[top]
            rows.append(np.full(len(data), r))
            cols.append(idx)
            vals.append(data)
        neighbours = sp.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                                   shape=sim.shape)
        return (neighbours @ self.incidence).toarray()


BASELINES = (MostPopular, CoVisitation, SessionKnn)


def evaluate_baselines(sessions, cases, batch_size: int = 500, log=print,
                       ranks_dir: str | None = None) -> dict[str, dict]:
    vocab = Vocabulary.from_sessions(sessions)
    lookup = vocab.index_of()
    encoded = [np.asarray(vocab.encode(s, lookup), np.int64) for s in sessions]
    prefixes = [np.asarray(vocab.encode(p, lookup), np.int64) for p, _ in cases]
    targets = np.array([lookup.get(t, 0) for _, t in cases], np.int64)
    tiebreak = _tiebreak(_popularity(encoded, vocab.size))
    results = {}
    for cls in BASELINES:
        started = time.time()
        model = cls(encoded, vocab.size)
        ranks = []
        for s in range(0, len(prefixes), batch_size):
            scores = model.scores(prefixes[s:s + batch_size])
            scores[:, 0] = -np.inf  # padding is never a recommendation
            ranks.append(ranks_with_tiebreak(scores, targets[s:s + batch_size], tiebreak))
        # A target unknown to the training data (index 0) can never be hit.
        r = np.concatenate(ranks)
        r[targets == 0] = vocab.size
        results[cls.name] = metrics.summarize(r)
        if ranks_dir:
            np.save(os.path.join(ranks_dir, f"{cls.key}.ranks.npy"), r)
        results[cls.name]["seconds"] = time.time() - started
        log(metrics.format_metrics(cls.name, results[cls.name]) + f"  [{time.time() - started:.0f} s]")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--max-test-cases", type=int, default=0)
    parser.add_argument("--json", help="also write the metrics to this JSON file")
    parser.add_argument("--ranks-dir", help="also write every case's rank per baseline to DIR/<key>.ranks.npy "
                                            "(keys: most_popular, covisitation, sknn)")
    args = parser.parse_args(argv)
    if args.ranks_dir:
        os.makedirs(args.ranks_dir, exist_ok=True)
    sessions = read_sessions(args.train)
    cases = read_test_cases(args.test)
    if args.max_test_cases:
        cases = cases[:args.max_test_cases]
    print(f"protocol: {metrics.PROTOCOL}; baseline score ties broken by training popularity, then id")
    results = evaluate_baselines(sessions, cases, log=lambda m: print(m, flush=True), ranks_dir=args.ranks_dir)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"test": results, "protocol": metrics.PROTOCOL}, f, indent=2)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (FileNotFoundError, ValueError) as error:  # bad input files: say which, without a traceback
        sys.exit(f"error: {error}")
