"""Small behaviours: the tie rule, the validation split, inputs, baselines, error messages."""
from __future__ import annotations

import numpy as np
import pytest

from walnut_models import baselines, metrics
from walnut_models.data import (TrainingBatches, Vocabulary, left_padded_strings, prefix_cases, read_sessions,
                                read_test_cases, split_validation)


def test_rank_counts_only_strictly_greater_scores():
    scores = np.array([[0.0, 3.0, 2.0, 2.0, 1.0]])
    assert metrics.ranks_from_scores(scores, np.array([2])).tolist() == [1]  # tie with item 3 is in its favour
    assert metrics.ranks_from_scores(scores, np.array([4])).tolist() == [3]


def test_ranks_from_top_lists_resolve_ties_and_misses():
    items = np.array([["a", "b", "c"] + [f"x{i}" for i in range(22)]], dtype=object)
    scores = np.array([[5.0, 4.0, 4.0] + list(np.linspace(3.0, 1.0, 22))], dtype=np.float32)
    ranks, ambiguous = metrics.ranks_from_top_lists(items, scores, np.array(["c"], dtype=object))
    assert ranks.tolist() == [1] and ambiguous == 0
    ranks, ambiguous = metrics.ranks_from_top_lists(items, scores, np.array(["zz"], dtype=object))
    assert ranks.tolist() == [25] and ambiguous == 0
    flat = np.ones_like(scores)
    _, ambiguous = metrics.ranks_from_top_lists(items, flat, np.array(["zz"], dtype=object))
    assert ambiguous == 1


def test_summary_metrics():
    m = metrics.summarize(np.array([0, 1, 9, 10, 19, 20]))
    assert m["recall_at_20"] == pytest.approx(5 / 6)
    assert m["recall_at_10"] == pytest.approx(3 / 6)
    assert m["mrr_at_20"] == pytest.approx((1 + 1 / 2 + 1 / 10 + 1 / 11 + 1 / 20) / 6)
    assert m["ndcg_at_10"] == pytest.approx((1 + 1 / np.log2(3) + 1 / np.log2(11)) / 6)


def test_validation_is_the_last_sessions_in_order():
    sessions = [[str(i), str(i + 1)] for i in range(10)]
    fit, val = split_validation(sessions, 0.2)
    assert fit == sessions[:8] and val == sessions[8:]
    with pytest.raises(ValueError, match="validation fraction must be in"):
        split_validation(sessions, 1.5)


def test_inputs_are_left_padded_to_the_last_l_items():
    padded = left_padded_strings([["a"], ["a", "b", "c", "d"]], 3)
    assert padded.tolist() == [["", "", "a"], ["b", "c", "d"]]
    assert prefix_cases([["a", "b", "c"]]) == [(["a"], "b"), (["a", "b"], "c")]


def test_training_batches_cover_every_next_item_position():
    sessions = [["a", "b", "c"], ["b", "a"], ["c", "a", "b", "c", "a"], ["a"]]
    batches = TrainingBatches(sessions, Vocabulary.from_sessions(sessions), tokens_per_batch=8)
    pairs = []
    for inputs, targets in batches.epoch(np.random.default_rng(0)):
        assert inputs.shape == targets.shape
        pairs += [(int(i), int(t)) for i, t in zip(inputs.ravel(), targets.ravel()) if t]
    assert len(pairs) == batches.positions == 2 + 1 + 4


def test_missing_files_are_named():
    with pytest.raises(FileNotFoundError, match="train file '/nope/train.txt' does not exist"):
        read_sessions("/nope/train.txt")
    with pytest.raises(FileNotFoundError, match="test file"):
        read_test_cases("/nope/test.tsv")


def test_malformed_test_line_is_reported(tmp_path):
    bad = tmp_path / "test.tsv"
    bad.write_text("1 2\t3\n4 5 6\n")
    with pytest.raises(ValueError, match=r"test.tsv:2: expected 'prefix ids<TAB>next id'"):
        read_test_cases(str(bad))


def test_baselines_rank_sequential_signal_above_popularity():
    # Item "b" always follows "a"; "z" is the most popular item overall.
    sessions = [["a", "b"]] * 5 + [["z", "y"], ["z", "x"], ["z", "w"], ["y", "z"], ["x", "z"], ["w", "z"]]
    cases = [(["a"], "b"), (["q", "a"], "b")]
    results = baselines.evaluate_baselines(sessions, cases, log=lambda _: None)
    assert results["co-visitation (seq. rules)"]["mrr_at_20"] == 1.0
    # Session-kNN also scores the prefix's own items (repeat clicks are common), so "b" may be second to "a".
    assert results["session-kNN (V-SKNN style)"]["recall_at_20"] == 1.0
    assert results["session-kNN (V-SKNN style)"]["mrr_at_20"] >= 0.5
    assert results["most-popular"]["mrr_at_20"] < 1.0


def test_baseline_ties_do_not_count_for_the_target():
    scores = np.zeros((1, 5))
    tiebreak = np.array([-1, 4, 3, 2, 1])  # item 1 most popular
    assert baselines.ranks_with_tiebreak(scores, np.array([3]), tiebreak).tolist() == [2]


def test_paired_difference_of_model_and_baseline_ranks():
    from walnut_models.report import paired_difference
    model = np.array([0, 0, 1, 1] * 50)       # every case in the top 20
    baseline = np.array([0, 0, 99, 99] * 50)  # half of them
    diff = paired_difference(model, baseline)
    mean, half_width, z = diff["recall_at_20"]
    assert mean == 0.5
    assert 0 < half_width < 0.1 and z > 10
    # reciprocal ranks: the cases at rank 1 gain 1/2 each, a quarter of the cases
    assert abs(diff["mrr_at_20"][0] - 0.25) < 1e-12
    with pytest.raises(ValueError, match="different cases"):
        paired_difference(model, baseline[:-1])
