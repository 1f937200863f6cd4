"""Exercises of notebook 08 (attention). Solutions: solutions/nb08.py."""
import math

import numpy as np

import autograd
import nn.functional as F
from exercises import Exercise, Sheet, Wrong, as_array, compare


def _normal(seed, *shape):
    return autograd.tensor(np.random.default_rng(seed).normal(size=shape))


# ------------------------------------------------------------------------ 8.1 scaled dot-product attention by hand
def check_attention(attention):
    """The learner's softmax(QKᵀ/√d)V against F.scaled_dot_product_attention, unbatched and batched, values and
    the gradient with respect to Q."""
    for shapes, seed in ((((3, 4), (5, 4), (5, 2)), 1), (((2, 3, 8), (2, 6, 8), (2, 6, 3)), 2)):
        Q, K, V = (_normal(seed + i, *shape) for i, shape in enumerate(shapes))
        Q.requires_grad_()
        got, expected = attention(Q, K, V), F.scaled_dot_product_attention(Q, K, V)
        what = f"attention(Q, K, V) for Q {shapes[0]}, K {shapes[1]}, V {shapes[2]}"
        unscaled = (Q @ K.mT).softmax(dim=-1) @ V
        by_query = (Q @ K.mT / math.sqrt(shapes[0][-1])).softmax(dim=-2) @ V
        if as_array(got, what).shape == as_array(expected).shape:
            if np.allclose(as_array(got), as_array(unscaled), atol=1e-9):
                raise Wrong(f"{what} equals softmax(QKᵀ)V: the scores are not divided by √d = "
                            f"√{shapes[0][-1]}")
            if np.allclose(as_array(got), as_array(by_query), atol=1e-9):
                raise Wrong(f"{what}: your weights sum to 1 over the queries (dim=-2); each query's weights must "
                            "sum to 1 over the keys (dim=-1)")
        compare(got, expected, what)
        if getattr(got, "grad_fn", None) is None:
            raise Wrong("your output has no grad_fn: compute it with tensor operations (@, .softmax, .mT), not "
                        "NumPy, so that gradients can flow back to Q, K and V")
        (grad_got,) = autograd.grad(got.sum(), Q)
        (grad_expected,) = autograd.grad(expected.sum(), Q)
        compare(grad_got, grad_expected, f"the gradient of your output's sum with respect to Q {shapes[0]}")
    return "It matches F.scaled_dot_product_attention, values and gradients, with and without a batch axis."


attention = Exercise(
    "attention", "8.2", "implement", "scaled dot-product attention from primitives", check_attention,
    hint="Follow the shapes: from Q (…, L, d) and K (…, S, d) make the (…, L, S) scores (K.mT transposes the last "
         "two axes, so a batch axis in front does not matter), scale them as the formula says, normalise each "
         "query's row over the keys, and combine with V (…, S, d_v) into (…, L, d_v).",
    wrong=(lambda Q, K, V: (Q @ K.mT).softmax(dim=-1) @ V,
           lambda Q, K, V: (Q @ K.mT / math.sqrt(Q.shape[-1])).softmax(dim=-2) @ V,
           lambda Q, K, V: autograd.tensor((Q @ K.mT / math.sqrt(Q.shape[-1])).softmax(dim=-1).detach().numpy()
                                           @ V.numpy())),
)


# ------------------------------------------------------------------------------------- 8.2 the variance of q·k
CASES = ((4, 1.0, 1.0), (64, 1.0, 1.0), (16, 2.0, 0.5), (10, 3.0, 2.0))


def check_dot_variance(dot_variance):
    """var(q·k) = d σ_q² σ_k² for independent entries of mean 0."""
    for d, var_q, var_k in CASES:
        got = float(as_array(dot_variance(d, var_q, var_k), f"dot_variance(d={d}, var_q={var_q}, var_k={var_k})"))
        if not np.isclose(got, d * var_q * var_k, rtol=1e-9):
            raise Wrong(f"dot_variance(d={d}, var_q={var_q}, var_k={var_k}) is {got:.4g}, not var(q·k)."
                        + scaling_notes(dot_variance))
    return ("var(q·k) = d·σ_q²·σ_k²: each of the d products q_i k_i has mean 0 and variance σ_q²σ_k², and the d "
            "products are independent, so their variances add. With σ_q = σ_k = 1 the spread grows like √d.")


def scaling_notes(dot_variance):
    """How the learner's formula responds when d, σ_q² or σ_k² doubles, as questions (the answer stays unsaid)."""
    base = float(as_array(dot_variance(4, 1.0, 1.0)))
    notes = []
    for args, what in (((8, 1.0, 1.0), "d (twice as many independent products q_i k_i)"),
                       ((4, 2.0, 1.0), "σ_q² (each q_i scaled by √2)"),
                       ((4, 1.0, 2.0), "σ_k² (each k_i scaled by √2)")):
        ratio = float(as_array(dot_variance(*args))) / base if base else float("nan")
        if not np.isclose(ratio, 2.0):
            notes.append(f" Doubling {what} multiplies yours by {ratio:.3g}: is that what it does to the variance?")
    return "".join(notes)


dot_variance = Exercise(
    "dot_variance", "8.1", "derive", "the variance of a dot product", check_dot_variance,
    hint="q·k = Σᵢ qᵢkᵢ. Two identities: var(X) = E[X²] − E[X]², and E[XY] = E[X]E[Y] for independent X, Y. Use "
         "them for one product qᵢkᵢ, then for the sum of the d independent products.",
    wrong=(lambda d, var_q, var_k: d * (var_q + var_k), lambda d, var_q, var_k: math.sqrt(d) * var_q * var_k,
           lambda d, var_q, var_k: var_q * var_k),
)


# ------------------------------------------------------------------- 8.3 the causal weights when all scores agree
def check_causal_uniform(causal_uniform):
    """The (4, 4) causal attention weights for equal scores: row i is 1/(i+1) on keys 0..i, 0 after."""
    expected = np.tril(np.ones((4, 4))) / np.arange(1, 5)[:, None]
    got = as_array(causal_uniform, "your matrix")
    if got.shape == (4, 4) and np.allclose(np.triu(got, 1), 0) and not np.allclose(got.sum(1), 1, atol=0.03):
        sums = ", ".join(f"{s:.3g}" for s in got.sum(1))
        raise Wrong(f"the rows of your matrix sum to {sums}. Each row of attention weights is a softmax over the "
                    "keys that query may see: what must it sum to?")
    compare(got, expected, "your causal weight matrix", atol=0.01, rtol=0)
    return ("Row i puts 1/(i + 1) on each of the i + 1 keys it may see and 0 on the future: query 0 can only look "
            "at key 0 and gives it all its weight; every row sums to 1.")


causal_uniform = Exercise(
    "causal_uniform", "8.4", "predict", "causal weights when all scores are equal", check_causal_uniform,
    hint="Query i may see keys 0, 1, …, i: i + 1 keys, all with the same score. What does a softmax over n equal "
         "scores give? The masked keys get exactly 0.",
    wrong=(np.tril(np.ones((4, 4))) / 4, np.full((4, 4), 0.25), np.tril(np.ones((4, 4)))),
)


# --------------------------------------------------------------------------------- 8.4 a mask after the softmax
def check_masked_weights(masked_attention_weights):
    """The learner's fixed masked softmax against F.masked_softmax, for per-sequence valid lengths."""
    scores = _normal(7, 2, 3, 5)
    valid_lens = np.array([2, 4])
    got = as_array(masked_attention_weights(scores, valid_lens), "masked_attention_weights(scores, valid_lens)")
    expected = F.masked_softmax(scores, valid_lens).numpy()
    if got.shape == expected.shape:
        for b, length in enumerate(valid_lens):
            if np.abs(got[b, :, length:]).max() > 1e-9:
                raise Wrong(f"sequence {b} has valid length {length}, yet its padding keys {length}… get weight "
                            f"up to {np.abs(got[b, :, length:]).max():.3g}: they must get exactly 0")
        sums = got.sum(-1)
        if not np.allclose(sums, 1, atol=1e-6):
            b, i = (int(k) for k in np.argwhere(~np.isclose(sums, 1, atol=1e-6))[0])
            raise Wrong(f"the padding keys get weight 0, but the weights of query {i} of sequence {b} sum to "
                        f"{sums[b, i]:.4f}, not 1: that query attends to less than a whole distribution over its "
                        f"{valid_lens[b]} valid keys")
    compare(got, expected, "your weights (scores of shape (2, 3, 5), valid_lens [2, 4])")
    return "Padding keys get weight 0 and each query's weights over the valid keys sum to 1, as F.masked_softmax."


def _mask_after_softmax(scores, valid_lens):
    weights = scores.softmax(dim=-1)
    keep = np.arange(scores.shape[-1])[None, None, :] < np.asarray(valid_lens)[:, None, None]
    return weights * autograd.tensor(keep.astype(np.float64))


def _mask_with_zero(scores, valid_lens):
    keep = np.arange(scores.shape[-1])[None, None, :] < np.asarray(valid_lens)[:, None, None]
    return scores.masked_fill(autograd.tensor(~keep), 0.0).softmax(dim=-1)


masked_attention_weights = Exercise(
    "masked_attention_weights", "8.3", "debug", "a padding mask applied after the softmax", check_masked_weights,
    hint="The softmax normalises over every score it is given. Zeroing weights after it removes their share without "
         "giving it back. Which score would make the softmax itself give a key (practically) 0 weight? "
         "scores.masked_fill(mask, value) replaces the entries where mask is True. (0 is not such a score: e⁰ = 1.)",
    wrong=(_mask_after_softmax, _mask_with_zero),
)


# ----------------------------------------------------------------------------- 8.5 additive (Bahdanau) scores
def _additive_reference(Q, K, W_q, W_k, w_v):
    return np.tanh((Q @ W_q.T)[:, None, :] + (K @ W_k.T)[None, :, :]) @ w_v


def check_additive_scores(additive_scores):
    """a(q, k) = w_vᵀ tanh(W_q q + W_k k) for every (query, key) pair, against NumPy and F.additive_attention."""
    Q, K = _normal(11, 3, 5), _normal(12, 4, 2)                 # 3 queries of size 5, 4 keys of size 2
    W_q, W_k, w_v = _normal(13, 6, 5), _normal(14, 6, 2), _normal(15, 6)
    what = "additive_scores(Q, K, W_q, W_k, w_v) for 3 queries and 4 keys"
    got = as_array(additive_scores(Q, K, W_q, W_k, w_v), what)
    arrays = [t.numpy() for t in (Q, K, W_q, W_k, w_v)]
    if got.shape == (3, 4) and np.allclose(got, ((arrays[0] @ arrays[2].T)[:, None] + arrays[1] @ arrays[3].T)
                                           @ arrays[4], atol=1e-9):
        raise Wrong("your scores are w_vᵀ(W_q q + W_k k), without the tanh. Then a(q, k) = w_vᵀW_q q + w_vᵀW_k k: "
                    "the query's part is the same for every key, the softmax cancels it, and the weights would "
                    "not depend on the query at all")
    compare(got, _additive_reference(*arrays), what)
    _, weights = F.additive_attention(Q[None], K[None], K[None], W_q, W_k, w_v[None])
    compare(autograd.tensor(got).softmax(dim=-1), weights[0], "softmax of your scores over the keys")
    return "Your scores match, and their softmax over the keys is the weight matrix F.additive_attention computes."


additive_scores = Exercise(
    "additive_scores", "8.5", "implement", "additive (Bahdanau) attention scores", check_additive_scores,
    hint="Project queries and keys to size h first (which side of W_q does a row q go on?). You need every "
         "(query, key) pair: the broadcasting rule of the text above, with unsqueeze to make the axes line up. "
         "Then the tanh, and one product with w_v that turns (L, S, h) into (L, S).",
    wrong=(lambda Q, K, W_q, W_k, w_v: ((Q @ W_q.T).unsqueeze(1) + (K @ W_k.T).unsqueeze(0)) @ w_v,
           lambda Q, K, W_q, W_k, w_v: (Q @ W_q.T).tanh() @ (K @ W_k.T).tanh().T,
           lambda Q, K, W_q, W_k, w_v: ((Q @ W_q.T).unsqueeze(1) + (K @ W_k.T).unsqueeze(0)).tanh() @ w_v.abs()),
)

sheet = Sheet("nb08", [dot_variance, attention, masked_attention_weights, causal_uniform, additive_scores])
check, hint, solution = sheet.check, sheet.hint, sheet.solution  # what the notebook calls, as ex.check(...)
