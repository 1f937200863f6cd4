"""Attention: scaled dot-product attention (PyTorch's), and the course's masked softmax and
additive attention.

Attention pools values by how well their keys match a query:
    output = softmax(score(Q, K)) V,   each row of weights summing to 1 over the keys.
"""
import math

import numpy as np

import autograd
from autograd import Tensor

from .dropout import dropout


def attend(query, key, value, additive_mask=None, dropout_p=0.0, scale=None):
    """The core of dot-product attention, returning the output and the weights:

        weights = dropout(softmax(Q Kᵀ · scale + mask)),   output = weights V,   scale = 1/√d by default.
    `additive_mask` (a float tensor broadcastable to (..., L, S)) holds 0 where a key may be used and −inf
    where it may not."""
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = (query * scale) @ key.mT
    if additive_mask is not None:
        scores = scores + additive_mask
    weights = autograd.softmax(scores, dim=-1)
    if dropout_p > 0:
        weights = dropout(weights, dropout_p)
    return weights @ value, weights


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None):
    """softmax(Q Kᵀ / √d + M) V for Q (..., L, d), K (..., S, d), V (..., S, dᵥ) → (..., L, dᵥ).

    PyTorch's mask semantics: a bool `attn_mask` is True where a query may attend to a key (False
    becomes M = −inf); a float `attn_mask` is added to the scores. `is_causal` lets query i see keys
    0..i only. `dropout_p` drops attention weights (always: pass 0 when evaluating)."""
    if is_causal and attn_mask is not None:
        raise ValueError("scaled_dot_product_attention: give attn_mask or is_causal, not both")
    if is_causal:
        length, source_length = query.shape[-2], key.shape[-2]
        attn_mask = Tensor(np.tril(np.ones((length, source_length), dtype=bool)))
    return attend(query, key, value, _additive_mask(attn_mask, query.dtype), dropout_p, scale)[0]


def _additive_mask(attn_mask, dtype):
    """A bool mask (True = take part) as 0 / −inf, a float mask as it is."""
    if attn_mask is None:
        return None
    mask = attn_mask.detach().numpy() if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
    if mask.dtype == np.bool_:
        return Tensor(np.where(mask, 0.0, -np.inf).astype(dtype))
    return attn_mask if isinstance(attn_mask, Tensor) else Tensor(mask.astype(dtype))


def masked_softmax(X, valid_lens):
    """Softmax over the last axis of X (batch, ..., keys) that uses only the first valid_len keys
    (as in Dive into Deep Learning): scores past valid_len are replaced by −1e6 first, so they get
    weight e^(−1e6 − max) ≈ 0.

    valid_lens is None (all keys), 1-D (batch,) — the same length for every query of an example —
    or 2-D (batch, queries) — one length per query."""
    if valid_lens is None:
        return autograd.softmax(X, dim=-1)
    lengths = valid_lens.detach().numpy() if isinstance(valid_lens, Tensor) else np.asarray(valid_lens)
    if lengths.ndim == 1:
        lengths = lengths.reshape((-1,) + (1,) * (X.ndim - 1))
    elif lengths.ndim == 2:
        lengths = lengths[..., None]
    else:
        raise ValueError(f"masked_softmax: valid_lens must be 1-D or 2-D, got shape {lengths.shape}")
    keep = np.arange(X.shape[-1]) < lengths
    return autograd.softmax(autograd.where(keep, X, -1e6), dim=-1)


def additive_attention(queries, keys, values, W_q, W_k, w_v, valid_lens=None):
    """Additive (Bahdanau) attention, for queries and keys of different sizes:

        score(q, k) = w_vᵀ tanh(W_q q + W_k k),   weights = masked_softmax(scores, valid_lens),
        output = weights V.
    queries (batch, L, q_dim), keys (batch, S, k_dim), values (batch, S, dᵥ); W_q (h, q_dim),
    W_k (h, k_dim) and w_v (1, h) as the weights of bias-free Linear layers. Returns
    (output (batch, L, dᵥ), weights (batch, L, S))."""
    projected_queries = (queries @ W_q.mT).unsqueeze(2)  # (batch, L, 1, h)
    projected_keys = (keys @ W_k.mT).unsqueeze(1)  # (batch, 1, S, h)
    features = autograd.tanh(projected_queries + projected_keys)  # (batch, L, S, h)
    scores = (features @ w_v.reshape(-1, 1)).squeeze(-1)
    weights = masked_softmax(scores, valid_lens)
    return weights @ values, weights
