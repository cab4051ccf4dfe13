"""End to end on a slice of the data: train a few steps, export, check the ONNX contract and parity,
evaluate the exported model, and register it in a real MLflow server."""
from __future__ import annotations

import json
import os
import shutil

import jax.numpy as jnp
import numpy as np
import onnx
import pytest

from walnut_models import evaluate, metrics, register, sasrec
from walnut_models.data import Vocabulary, left_padded_indices, read_test_cases
from walnut_models.onnx_scoring import OnnxRecommender
from walnut_models.train import load_params


def test_training_writes_model_metrics_and_plot(trained_model):
    for name in ("model.onnx", "metrics.json", "training.png"):
        assert os.path.getsize(os.path.join(trained_model, name)) > 0, name
    result = json.load(open(os.path.join(trained_model, "metrics.json")))
    assert result["stop_reason"] == "max steps"
    assert result["validation_metric"] == "mrr_at_20"
    for split in ("validation", "test"):
        for key in ("recall_at_20", "mrr_at_20", "recall_at_10", "ndcg_at_10"):
            assert 0.0 <= result[split][key] <= 1.0
    assert "strictly greater" in result["protocol"]
    assert result["history"] and "val_mrr_at_20" in result["history"][0]


def test_onnx_contract(trained_model):
    path = os.path.join(trained_model, "model.onnx")
    model = onnx.load(path)
    assert model.ir_version == 9
    assert {o.domain: o.version for o in model.opset_import} == {"": 17, "ai.onnx.ml": 3}
    (inp,) = model.graph.input
    assert inp.name == "item_ids" and inp.type.tensor_type.elem_type == onnx.TensorProto.STRING
    assert [o.name for o in model.graph.output] == ["top_items", "top_scores"]
    assert [o.type.tensor_type.elem_type for o in model.graph.output] == [onnx.TensorProto.STRING,
                                                                         onnx.TensorProto.FLOAT]

    rec = OnnxRecommender(path)
    assert rec.window == 8 and rec.top_k >= 20
    vocab = set(next(a.strings for n in model.graph.node if n.op_type == "LabelEncoder"
                     for a in n.attribute if a.name == "keys_strings"))
    vocab = {v.decode() for v in vocab}
    known = sorted(vocab)[:12]
    batch = np.array([[""] * 5 + known[:3],
                      known[:8],
                      [""] * 8,  # an empty session still gets K real items
                      [""] * 4 + [known[0], "no-such-item", known[1], known[2]]], dtype=object)
    items, scores = rec.run(batch)
    assert items.shape == (4, rec.top_k) and scores.shape == (4, rec.top_k)
    assert scores.dtype == np.float32
    assert all(i in vocab for i in items.ravel()), "every recommendation is a catalogue id, never ''"
    assert np.all(np.diff(scores, axis=1) <= 0), "best first"
    # Unknown ids behave like padding, also as the newest item (which is then simply not there).
    same = np.array([[""] * 4 + [known[0], "", known[1], known[2]],
                     [""] * 5 + known[:3],
                     [""] * 4 + known[:3] + ["also-unknown"]], dtype=object)
    items_pad, scores_pad = rec.run(same)
    np.testing.assert_array_equal(items_pad[0], items[3])
    np.testing.assert_allclose(scores_pad[0], scores[3], rtol=1e-6)
    np.testing.assert_array_equal(items_pad[2], items_pad[1])
    np.testing.assert_allclose(scores_pad[2], scores_pad[1], rtol=1e-5, atol=1e-6)


def test_onnx_matches_the_jax_model(trained_model, data_slice):
    config = sasrec.Config(**json.load(open(os.path.join(trained_model, "config.json"))))
    params = load_params(os.path.join(trained_model, "params.npz"))
    model = onnx.load(os.path.join(trained_model, "model.onnx"))
    ids = next(a.strings for n in model.graph.node if n.op_type == "LabelEncoder"
               for a in n.attribute if a.name == "keys_strings")
    vocab = Vocabulary(tuple(v.decode() for v in ids))
    prefixes = [p for p, _ in read_test_cases(data_slice["test"])[:64]] + [
        [], ["unknown"], list(vocab.ids[:30]), list(vocab.ids[:3]) + ["unknown"]]

    jax_scores = np.asarray(sasrec.last_position_scores(params, config, jnp.asarray(
        left_padded_indices(prefixes, vocab, config.window))))
    rec = OnnxRecommender(os.path.join(trained_model, "model.onnx"))
    (items, scores), = list(rec.recommend(prefixes, batch_size=len(prefixes)))

    k = rec.top_k
    jax_top = np.argsort(-jax_scores, axis=1, kind="stable")[:, :k]
    jax_top_scores = np.take_along_axis(jax_scores, jax_top, axis=1)
    np.testing.assert_allclose(scores, jax_top_scores, atol=2e-4)
    onnx_index = np.vectorize(vocab.index_of().get)(items)
    # Same items, except where two neighbouring scores are equal within float error.
    mismatch = onnx_index != jax_top
    near_tie = np.abs(np.diff(jax_top_scores, axis=1, prepend=np.inf)) < 1e-4
    near_tie |= np.abs(np.diff(jax_top_scores, axis=1, append=-np.inf)) < 1e-4
    assert not np.any(mismatch & ~near_tie)


def test_evaluate_command_reports_the_protocol(trained_model, data_slice, capsys):
    assert evaluate.main(["--model", os.path.join(trained_model, "model.onnx"), "--test", data_slice["test"]]) == 0
    out = capsys.readouterr().out
    assert "strictly greater score" in out and "Recall@20" in out and "NDCG@10" in out
    saved = json.load(open(os.path.join(trained_model, "metrics.json")))["test"]
    again = evaluate.evaluate_onnx(os.path.join(trained_model, "model.onnx"), read_test_cases(data_slice["test"]))
    assert again["mrr_at_20"] == pytest.approx(saved["mrr_at_20"])


def test_register_moves_the_alias_only_for_a_better_model(trained_model, mlflow_server, tmp_path):
    import mlflow
    from mlflow import MlflowClient

    first = register.register(trained_model, "session-recs", "champion", mlflow_server, force=False)
    assert first["alias_set"] and first["reason"] == "no previous holder"

    # The same weights reported with a worse validation metric: the alias must stay.
    worse = tmp_path / "worse"
    shutil.copytree(trained_model, worse)
    result = json.load(open(worse / "metrics.json"))
    result["validation"]["mrr_at_20"] = first["value"] - 0.01
    json.dump(result, open(worse / "metrics.json", "w"))
    second = register.register(str(worse), "session-recs", "champion", mlflow_server, force=False)
    assert not second["alias_set"] and "use --force" in second["reason"]

    client = MlflowClient(tracking_uri=mlflow_server)
    assert client.get_model_version_by_alias("session-recs", "champion").version == first["version"]

    forced = register.register(str(worse), "session-recs", "champion", mlflow_server, force=True)
    assert forced["alias_set"] and forced["reason"] == "forced"
    holder = client.get_model_version_by_alias("session-recs", "champion")
    assert holder.version == forced["version"]
    assert holder.tags["evaluation_protocol"] == metrics.PROTOCOL

    # What the registry serves is the self-contained model: same outputs as the file we trained.
    mlflow.set_tracking_uri(mlflow_server)
    served = mlflow.onnx.load_model("models:/session-recs@champion")
    served_path = tmp_path / "served.onnx"
    onnx.save_model(served, str(served_path))
    batch = np.array([[""] * 7 + [OnnxRecommender(str(served_path)).run(
        np.array([[""] * 8], dtype=object))[0][0, 0]]], dtype=object)
    a = OnnxRecommender(str(served_path)).run(batch)
    b = OnnxRecommender(os.path.join(trained_model, "model.onnx")).run(batch)
    np.testing.assert_array_equal(a[0], b[0])
