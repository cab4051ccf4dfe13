"""SASRec-class next-item model in plain JAX.

Item embeddings (shared by input and output) -> pre-LayerNorm causal self-attention blocks over the
last ``window`` items -> the representation at the newest position, scored against every item.

Two choices differ from the original SASRec, both for this task:
  * Position is a learned per-head bias on the attention logits indexed by the distance between
    query and key (0..window-1), not an absolute position embedding. The model is then translation
    invariant, so training every prefix position of a session in one pass is exactly what inference
    of a left-padded prefix computes (an absolute embedding would see the newest item at a
    different position in training than at inference).
  * Scores are cosine similarities times a fixed scale (as in NISER): L2-normalised session vector
    and item embeddings, which counters the popularity bias of dot-product softmax on this data.
Padding and unknown ids are index 0; they are masked as keys and can never be recommended.
"""
from __future__ import annotations

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np

MASKED = -1e9  # additive mask; finite so fully masked rows stay finite (no NaN through 0 * inf)
EPS_NORM = 1e-12
EPS_LN = 1e-5


@dataclasses.dataclass(frozen=True)
class Config:
    num_items: int  # real items; the embedding has num_items + 1 rows (row 0 = padding)
    dim: int = 64
    heads: int = 2
    layers: int = 2
    window: int = 20  # L: the model looks at the last `window` items
    ffn_mult: int = 4
    dropout: float = 0.2
    scale: float = 16.0  # cosine-score scale (inverse temperature)

    def to_json(self) -> dict:
        return dataclasses.asdict(self)


def init_params(config: Config, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    d, f = config.dim, config.dim * config.ffn_mult

    def dense(n_in: int, n_out: int) -> np.ndarray:
        return (rng.standard_normal((n_in, n_out)) * np.sqrt(1.0 / n_in)).astype(np.float32)

    params = {
        "item_emb": (rng.standard_normal((config.num_items + 1, d)) * 0.1).astype(np.float32),
        "final_ln_g": np.ones(d, np.float32),
        "final_ln_b": np.zeros(d, np.float32),
        "blocks": [],
    }
    for _ in range(config.layers):
        params["blocks"].append({
            "ln1_g": np.ones(d, np.float32), "ln1_b": np.zeros(d, np.float32),
            "wq": dense(d, d), "wk": dense(d, d), "wv": dense(d, d), "wo": dense(d, d),
            "bq": np.zeros(d, np.float32), "bk": np.zeros(d, np.float32),
            "bv": np.zeros(d, np.float32), "bo": np.zeros(d, np.float32),
            "dist_bias": np.zeros((config.heads, config.window), np.float32),
            "ln2_g": np.ones(d, np.float32), "ln2_b": np.zeros(d, np.float32),
            "w1": dense(d, f), "b1": np.zeros(f, np.float32),
            "w2": dense(f, d), "b2": np.zeros(d, np.float32),
        })
    return jax.tree_util.tree_map(jnp.asarray, params)


def _layer_norm(x, g, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / jnp.sqrt(var + EPS_LN) * g + b


def _l2_normalize(x):
    return x / jnp.sqrt((x * x).sum(-1, keepdims=True) + EPS_NORM)


def _dropout(x, rate, key):
    if key is None or rate <= 0.0:
        return x
    keep = jax.random.bernoulli(key, 1.0 - rate, x.shape)
    return jnp.where(keep, x / (1.0 - rate), 0.0)


def normalized_items(params):
    """Unit-length item embeddings; row 0 (padding) included."""
    return _l2_normalize(params["item_emb"])


def encode(params, config: Config, ids, dropout_key=None):
    """ids [B, T] int (0 = padding) -> hidden states [B, T, d] (position t sees items t-window+1..t)."""
    b, t = ids.shape
    h, d = config.heads, config.dim
    hd = d // h
    keys = list(jax.random.split(dropout_key, 1 + 3 * config.layers)) if dropout_key is not None else None

    def next_key():
        return keys.pop() if keys is not None else None

    items = normalized_items(params)
    # Padding positions read item 1's embedding: they are masked as keys and never the output
    # position (see last_position_scores), so this changes nothing but lets the exported graph use
    # one table of the N real items for both lookup and scoring.
    x = items[jnp.maximum(ids, 1)]
    x = _dropout(x, config.dropout, next_key())

    query_pos = jnp.arange(t)[:, None]
    key_pos = jnp.arange(t)[None, :]
    distance = query_pos - key_pos  # [T, T]
    allowed = (distance >= 0) & (distance < config.window)  # causal, last `window` items
    key_valid = ids != 0  # [B, T]
    mask = allowed[None, None, :, :] & key_valid[:, None, None, :]  # [B, 1, T, T]
    dist_index = jnp.clip(distance, 0, config.window - 1)

    for block in params["blocks"]:
        y = _layer_norm(x, block["ln1_g"], block["ln1_b"])
        q = (y @ block["wq"] + block["bq"]).reshape(b, t, h, hd).transpose(0, 2, 1, 3)
        k = (y @ block["wk"] + block["bk"]).reshape(b, t, h, hd).transpose(0, 2, 1, 3)
        v = (y @ block["wv"] + block["bv"]).reshape(b, t, h, hd).transpose(0, 2, 1, 3)
        logits = (q @ k.transpose(0, 1, 3, 2)) / np.sqrt(hd).astype(np.float32)
        logits = logits + block["dist_bias"][:, dist_index][None]  # [1, H, T, T]
        logits = jnp.where(mask, logits, MASKED)
        attn = jax.nn.softmax(logits, axis=-1)
        out = (attn @ v).transpose(0, 2, 1, 3).reshape(b, t, d)
        x = x + _dropout(out @ block["wo"] + block["bo"], config.dropout, next_key())
        y = _layer_norm(x, block["ln2_g"], block["ln2_b"])
        y = jax.nn.gelu(y @ block["w1"] + block["b1"], approximate=True)
        x = x + _dropout(y @ block["w2"] + block["b2"], config.dropout, next_key())
    return _layer_norm(x, params["final_ln_g"], params["final_ln_b"])


def item_scores(params, config: Config, hidden):
    """hidden [..., d] -> scores [..., num_items + 1]; the padding column is masked."""
    scores = config.scale * (_l2_normalize(hidden) @ normalized_items(params).T)
    return scores.at[..., 0].set(MASKED)


def loss_fn(params, config: Config, inputs, targets, dropout_key, negatives=None):
    """Softmax cross-entropy, averaged over non-padding positions.

    negatives=None: full softmax over all items. Otherwise an int array [M] of item indices drawn
    uniformly (shared by the batch): the partition function is estimated as
    exp(s_target) + (N / M) * sum(exp(s_negative)) (log-Q correction for uniform sampling), with
    accidental hits of the target removed. It trades a little bias for a much cheaper step.
    """
    hidden = encode(params, config, inputs, dropout_key)
    weight = (targets != 0).astype(jnp.float32)
    if negatives is None:
        scores = item_scores(params, config, hidden)
        log_norm = jax.nn.logsumexp(scores, axis=-1)
        target_score = jnp.take_along_axis(scores, targets[..., None], axis=-1)[..., 0]
    else:
        items = normalized_items(params)
        h = config.scale * _l2_normalize(hidden)
        target_score = (h * items[targets]).sum(-1)
        neg_scores = h @ items[negatives].T + jnp.log(config.num_items / negatives.shape[0])
        neg_scores = jnp.where(targets[..., None] == negatives, MASKED, neg_scores)
        all_scores = jnp.concatenate([target_score[..., None], neg_scores], axis=-1)
        log_norm = jax.nn.logsumexp(all_scores, axis=-1)
    return ((log_norm - target_score) * weight).sum() / jnp.maximum(weight.sum(), 1.0)


def newest_known_position(ids):
    """Index of the last non-padding column of each row (0 when the row is all padding)."""
    t = ids.shape[1]
    return jnp.argmax((ids != 0) * jnp.arange(1, t + 1), axis=1)


def last_position_scores(params, config: Config, left_padded_ids):
    """Scores of the next item for left-padded prefixes [B, L].

    The session vector is read at the newest KNOWN item, so unknown ids at the end of a prefix act
    exactly like padding (the model is translation invariant, so this equals dropping them).
    """
    hidden = encode(params, config, left_padded_ids)
    newest = newest_known_position(left_padded_ids)
    hidden = jnp.take_along_axis(hidden, newest[:, None, None], axis=1)[:, 0, :]
    return item_scores(params, config, hidden)
