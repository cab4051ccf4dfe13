"""Next-item ranking metrics and the evaluation protocol every model and baseline goes through."""
from __future__ import annotations

import numpy as np

TIE_RULE = ("rank = number of catalogue items with a strictly greater score than the target "
            "(0-based; ties resolved in the target's favour)")

PROTOCOL = ("next-item prediction, full ranking over the whole catalogue, every test case "
            "(prefix -> next item) counted; " + TIE_RULE + "; Recall@K = share of cases with rank < K; "
            "MRR@K = mean of 1/(rank+1) if rank < K else 0; NDCG@K = mean of 1/log2(rank+2) if rank < K "
            "else 0 (one relevant item); a sequence model reads the last L items of each prefix")


def ranks_from_scores(scores: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """scores [B, N+1] over item indices, targets [B] indices -> 0-based strict ranks."""
    target_scores = scores[np.arange(len(targets)), targets]
    return (scores > target_scores[:, None]).sum(axis=1)


def ranks_from_top_lists(top_items: np.ndarray, top_scores: np.ndarray, targets: np.ndarray,
                         cutoff: int = 20) -> tuple[np.ndarray, int]:
    """Strict ranks from a model that returns only its K best items (K > cutoff).

    If the target is among the K items its rank is the number of listed items with a strictly
    greater score (every item scoring above the target is listed, since the list holds the best K).
    If it is not listed its rank is at least K... unless the scores at positions ``cutoff``-1..K-1
    are all equal, when an unlisted target could tie with listed ones; such cases are counted as
    misses and their number is returned so the caller can report it (it is 0 for float scores
    in practice).
    """
    batch, k = top_items.shape
    if k <= cutoff:
        raise ValueError(f"the model returns K={k} items; strict ranks at cutoff {cutoff} need K > {cutoff}")
    ranks = np.full(batch, k, dtype=np.int64)
    ambiguous = 0
    for row in range(batch):
        hits = np.nonzero(top_items[row] == targets[row])[0]
        if hits.size:
            score = top_scores[row, hits[0]]
            ranks[row] = int((top_scores[row] > score).sum())
        elif top_scores[row, cutoff - 1] <= top_scores[row, k - 1]:
            ambiguous += 1
    return ranks, ambiguous


def summarize(ranks: np.ndarray) -> dict[str, float]:
    ranks = np.asarray(ranks)
    in20 = ranks < 20
    in10 = ranks < 10
    return {
        "recall_at_20": float(in20.mean()),
        "mrr_at_20": float(np.where(in20, 1.0 / (ranks + 1.0), 0.0).mean()),
        "recall_at_10": float(in10.mean()),
        "ndcg_at_10": float(np.where(in10, 1.0 / np.log2(ranks + 2.0), 0.0).mean()),
        "cases": int(ranks.size),
    }


def format_metrics(name: str, metrics: dict[str, float]) -> str:
    return (f"{name:<28} Recall@20 {metrics['recall_at_20']:.4f}  MRR@20 {metrics['mrr_at_20']:.4f}  "
            f"Recall@10 {metrics['recall_at_10']:.4f}  NDCG@10 {metrics['ndcg_at_10']:.4f}  "
            f"({metrics['cases']} cases)")
