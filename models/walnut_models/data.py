"""Reading the session files and turning them into index arrays.

Formats (as in ``shared/data/diginetica``):
  * train file: one session per line, item ids separated by spaces, in click order;
  * test file: ``prefix item ids (oldest first)<TAB>next item id`` per line.
Index 0 is reserved for padding and unknown ids; known ids get 1..N in order of first appearance.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Iterator, Sequence

import numpy as np


def _require_file(path: str, what: str) -> None:
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{what} file '{path}' does not exist; pass an existing path "
                                f"(the Diginetica data lives in shared/data/diginetica/)")


def read_sessions(path: str) -> list[list[str]]:
    _require_file(path, "train")
    with open(path, encoding="utf-8") as f:
        return [line.split() for line in f if line.strip()]


def read_test_cases(path: str) -> list[tuple[list[str], str]]:
    _require_file(path, "test")
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line:
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[1].strip():
                raise ValueError(f"{path}:{number}: expected 'prefix ids<TAB>next id', got {line!r}")
            cases.append((parts[0].split(), parts[1].strip()))
    return cases


@dataclasses.dataclass(frozen=True)
class Vocabulary:
    """Item id strings <-> indices 1..N (0 = padding/unknown)."""

    ids: tuple[str, ...]  # ids[i - 1] is the id of index i

    @staticmethod
    def from_sessions(sessions: Sequence[Sequence[str]]) -> "Vocabulary":
        seen: dict[str, None] = {}
        for session in sessions:
            for item in session:
                seen.setdefault(item, None)
        return Vocabulary(tuple(seen))

    @property
    def size(self) -> int:
        """Number of real items (the index space has size + 1 rows)."""
        return len(self.ids)

    def index_of(self) -> dict[str, int]:
        return {item: i + 1 for i, item in enumerate(self.ids)}

    def encode(self, items: Sequence[str], lookup: dict[str, int] | None = None) -> list[int]:
        lookup = lookup if lookup is not None else self.index_of()
        return [lookup.get(item, 0) for item in items]


def split_validation(sessions: list[list[str]], fraction: float) -> tuple[list[list[str]], list[list[str]]]:
    """Holds out the LAST ``fraction`` of sessions (the file is in time order): never random over events."""
    if not 0.0 < fraction < 1.0:
        raise ValueError(f"validation fraction must be in (0, 1), got {fraction}")
    cut = int(round(len(sessions) * (1.0 - fraction)))
    return sessions[:cut], sessions[cut:]


def prefix_cases(sessions: Sequence[Sequence[str]]) -> list[tuple[list[str], str]]:
    """Every (prefix, next item) of each session, the same protocol as the test file."""
    cases = []
    for session in sessions:
        for t in range(1, len(session)):
            cases.append((list(session[:t]), session[t]))
    return cases


def left_padded_strings(prefixes: Sequence[Sequence[str]], length: int) -> np.ndarray:
    """The ONNX input: the last ``length`` ids, oldest -> newest, left-padded with ''."""
    out = np.full((len(prefixes), length), "", dtype=object)
    for row, prefix in enumerate(prefixes):
        tail = list(prefix[-length:])
        if tail:
            out[row, length - len(tail):] = tail
    return out


def left_padded_indices(prefixes: Sequence[Sequence[str]], vocab: Vocabulary, length: int) -> np.ndarray:
    lookup = vocab.index_of()
    out = np.zeros((len(prefixes), length), dtype=np.int32)
    for row, prefix in enumerate(prefixes):
        tail = vocab.encode(prefix[-length:], lookup)
        if tail:
            out[row, length - len(tail):] = tail
    return out


# Padded lengths used for training batches: few distinct shapes (few XLA compilations), little padding.
DEFAULT_BUCKETS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 28, 40, 56, 80, 112, 160)


def _bucket(n: int, buckets: Sequence[int]) -> int:
    for b in buckets:
        if n <= b:
            return b
    return n


class TrainingBatches:
    """All next-item positions of the training sessions, in length buckets.

    A session s_0..s_{n-1} gives inputs s_0..s_{n-2} and targets s_1..s_{n-1}; with causal,
    window-limited attention, every position is trained exactly as inference sees it (the last
    ``window`` items before it), so one pass covers all prefixes. Batches hold about
    ``tokens_per_batch`` positions; sequences are right-padded with 0 (padding has target 0).
    """

    def __init__(self, sessions: Sequence[Sequence[str]], vocab: Vocabulary, tokens_per_batch: int,
                 buckets: Sequence[int] = DEFAULT_BUCKETS):
        lookup = vocab.index_of()
        self.tokens_per_batch = tokens_per_batch
        self.by_bucket: dict[int, list[np.ndarray]] = {}
        self.positions = 0
        for session in sessions:
            encoded = [i for i in vocab.encode(session, lookup) if i != 0]
            if len(encoded) < 2:
                continue
            self.by_bucket.setdefault(_bucket(len(encoded) - 1, sorted(buckets)), []).append(np.asarray(encoded, np.int32))
            self.positions += len(encoded) - 1

    def epoch(self, rng: np.random.Generator) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        plan = []
        for width, seqs in self.by_bucket.items():
            order = rng.permutation(len(seqs))
            rows = max(1, self.tokens_per_batch // width)
            for start in range(0, len(seqs), rows):
                plan.append((width, [seqs[k] for k in order[start:start + rows]], rows))
        for index in rng.permutation(len(plan)):
            width, chunk, rows = plan[index]
            # Fixed row count per bucket keeps array shapes (and XLA compilations) few.
            inputs = np.zeros((rows, width), np.int32)
            targets = np.zeros((rows, width), np.int32)
            for r, seq in enumerate(chunk):
                inputs[r, :len(seq) - 1] = seq[:-1]
                targets[r, :len(seq) - 1] = seq[1:]
            yield inputs, targets

    def batches_per_epoch(self) -> int:
        return sum(-(-len(s) // max(1, self.tokens_per_batch // w)) for w, s in self.by_bucket.items())
