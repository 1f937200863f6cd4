"""Attention: scaled dot-product attention (PyTorch's), and the course's masked softmax and
additive attention.

Attention pools values by how well their keys match a query:
    output = softmax(score(Q, K)) V,   each row of weights summing to 1 over the keys.
"""
import math

import numpy as np

import autograd
from autograd import Tensor
from autograd.functional.opmath import in_float32
from autograd.scope import name_output

from .dropout import dropout
from autograd.functional.saved import composite


def attend(query, key, value, additive_mask=None, dropout_p=0.0, scale=None, zero_blocked_rows=False):
    """The core of dot-product attention, returning the output and the weights:

        weights = dropout(softmax(Q Kᵀ · scale + mask)),   output = weights V,   scale = 1/√d by default.
    `additive_mask` (a float tensor broadcastable to (..., L, S)) holds 0 where a key may be used and −inf
    where it may not. A query masked off every key gets NaN weights (softmax of a row of −∞), or, with
    `zero_blocked_rows=True`, weights 0 (PyTorch's scaled_dot_product_attention rule)."""
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = name_output(query * scale, "q × scale") @ name_output(key.mT, "kᵀ")
    if additive_mask is not None:
        scores = scores + additive_mask
    scores = name_output(scores, "scores")  # as drawn
    weights = name_output(_softmax_over_keys(scores, zero_blocked_rows), "weights")
    if dropout_p > 0:
        weights = dropout(weights, dropout_p)
    return name_output(weights @ value, "weights v"), weights


@composite("scaled_dot_product_attention")
def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None,
                                 enable_gqa=False):
    """softmax(Q Kᵀ · scale + M) V for Q (..., L, E), K (..., S, E), V (..., S, Eᵥ) → (..., L, Eᵥ), scale = 1/√E
    by default, with PyTorch's semantics:

    - a bool `attn_mask` is True where a query may attend to a key (False becomes M = −∞); a float
      `attn_mask` (of the query's dtype) is added to the scores; it broadcasts to (..., L, S);
    - `is_causal=True` lets query i see keys 0..i only (the top-left triangle, also when L ≠ S); it
      cannot be combined with an attn_mask;
    - a query that may attend to no key gets an output of zeros (PyTorch's rule), not NaN;
    - `dropout_p` > 0 drops attention weights, always (the caller passes 0 when evaluating, as
      PyTorch's modules do), drawing from glassgrad's generator;
    - with `enable_gqa=True`, K and V may have fewer heads (dim −3) than Q, each shared by a group of
      query heads."""
    _check_attention_inputs(query, key, value, attn_mask, dropout_p, is_causal)
    if enable_gqa and key.shape[-3] != query.shape[-3]:
        group = query.shape[-3] // key.shape[-3]
        key, value = key.repeat_interleave(group, dim=-3), value.repeat_interleave(group, dim=-3)
    return _attention(query, key, value, attn_mask, dropout_p, is_causal, scale)


@in_float32
def _attention(query, key, value, attn_mask, dropout_p, is_causal, scale):
    """scaled_dot_product_attention's formula; float16 computed in float32 and rounded once, as PyTorch's CPU
    kernel."""
    if is_causal:
        attn_mask = autograd.tensor(np.tril(np.ones((query.shape[-2], key.shape[-2]), dtype=bool)))
    mask = _additive_mask(attn_mask, query.dtype)
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    scores = name_output(query * scale, "q × scale") @ name_output(key.mT, "kᵀ")
    if mask is not None:
        scores = scores + mask
    weights = _softmax_over_keys(scores, zero_blocked_rows=True)
    if dropout_p > 0:
        weights = dropout(weights, dropout_p)
    return weights @ value


def _check_attention_inputs(query, key, value, attn_mask, dropout_p, is_causal):
    """PyTorch's checks, with its messages."""
    if is_causal and attn_mask is not None:
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set when is_causal=True")
    if min(query.ndim, key.ndim, value.ndim) < 2:
        raise RuntimeError(f"Expected query, key, and value to all be at least 2 dimensional, but got query.dim: "
                           f"{query.ndim} key.dim: {key.ndim} and value.dim: {value.ndim} instead.")
    if not query.dtype == key.dtype == value.dtype:
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got query.dtype: {query.dtype} "
                           f"key.dtype: {key.dtype} and value.dtype: {value.dtype} instead.")
    if query.dtype.kind != "f":
        raise RuntimeError(
            f"scaled_dot_product_attention: expected floating point query, key and value, got {query.dtype}"
        )
    if query.shape[-1] != key.shape[-1] or key.shape[-2] != value.shape[-2]:
        raise RuntimeError(f"scaled_dot_product_attention: query (..., L, E), key (..., S, E) and value (..., S, Ev) "
                           f"do not fit: got {tuple(query.shape)}, {tuple(key.shape)} and {tuple(value.shape)}")
    if attn_mask is not None and attn_mask.dtype != np.bool_ and attn_mask.dtype != query.dtype:
        raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query dtype, but got "
                           f"attn_mask.dtype: {attn_mask.dtype} and  query.dtype: {query.dtype} instead.")
    if dropout_p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {dropout_p}")


def _softmax_over_keys(scores, zero_blocked_rows):
    """softmax(scores) over the last axis; with zero_blocked_rows, a row of only −∞ (a query masked off every
    key: softmax would be 0/0) gets weights 0, and no NaN reaches the gradient."""
    blocked = _rows_without_keys(scores) if zero_blocked_rows else None
    if blocked is None:
        return autograd.softmax(scores, dim=-1)
    return autograd.where(blocked, 0.0, autograd.softmax(autograd.where(blocked, 0.0, scores), dim=-1))


def _rows_without_keys(scores):
    """A bool array, True for the rows of scores with no finite entry (a query masked off every key:
    softmax would be 0/0), or None when there are none."""
    values = scores.detach().numpy()
    blocked = np.all(values == -np.inf, axis=-1, keepdims=True)
    return blocked if blocked.any() else None


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
