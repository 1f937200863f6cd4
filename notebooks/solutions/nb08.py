"""Reference solutions of notebook 08's exercises."""
import math

import numpy as np

import autograd


def attention(Q, K, V):
    """softmax(QKᵀ/√d) V, the softmax over the keys (the last axis of the scores)."""
    scores = Q @ K.mT / math.sqrt(Q.shape[-1])
    return scores.softmax(dim=-1) @ V


def dot_variance(d, var_q, var_k):
    """var(Σᵢ qᵢkᵢ) = Σᵢ var(qᵢkᵢ) = d · E[qᵢ²] E[kᵢ²] = d σ_q² σ_k² (independent entries of mean 0)."""
    return d * var_q * var_k


# equal scores: query i may see the i + 1 keys 0..i, and a softmax of i + 1 equal scores gives each 1/(i + 1);
# the masked (future) keys get exactly 0, and every row sums to 1
causal_uniform = np.tril(np.ones((4, 4))) / np.arange(1, 5)[:, None]


def masked_attention_weights(scores, valid_lens):
    """Weights over the keys of each sequence, exactly 0 on the padding keys j ≥ valid_lens[b]: the padded scores
    are set to −10⁶ *before* the softmax, which then normalises over the valid keys only."""
    padding = np.arange(scores.shape[-1])[None, None, :] >= np.asarray(valid_lens)[:, None, None]
    return scores.masked_fill(autograd.tensor(padding), -1e6).softmax(dim=-1)


def additive_scores(Q, K, W_q, W_k, w_v):
    """a(qᵢ, kⱼ) = w_vᵀ tanh(W_q qᵢ + W_k kⱼ) for every pair: (L, 1, h) + (1, S, h) → (L, S, h) → (L, S)."""
    projected_queries = (Q @ W_q.T).unsqueeze(1)      # (L, 1, h)
    projected_keys = (K @ W_k.T).unsqueeze(0)         # (1, S, h)
    return (projected_queries + projected_keys).tanh() @ w_v
