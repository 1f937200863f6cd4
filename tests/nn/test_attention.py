"""Attention: scaled dot-product attention, masked softmax, additive attention and MultiheadAttention
against naive loops and hand-worked cases, gradchecked in float64, and with bad input."""
import math

import numpy as np
import pytest

import autograd
import nn
from nn import functional as F

RNG = np.random.default_rng(4)


def leaf(array):
    return autograd.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


def naive_attention(q, k, v, allowed=None):
    """One query at a time: weights ∝ exp(q·kⱼ/√d) over the allowed keys."""
    out = np.zeros(q.shape[:-1] + v.shape[-1:])
    for index in np.ndindex(q.shape[:-1]):
        batch, i = index[:-1], index[-1]
        scores = np.array([q[index] @ k[batch + (j,)] / math.sqrt(q.shape[-1]) for j in range(k.shape[-2])])
        if allowed is not None:
            scores = np.where(allowed[i], scores, -np.inf)
        weights = np.exp(scores - scores.max())
        out[index] = (weights / weights.sum()) @ v[batch]
    return out


def test_scaled_dot_product_attention_matches_naive_loop_with_masks():
    q, k, v = RNG.standard_normal((2, 3, 4)), RNG.standard_normal((2, 5, 4)), RNG.standard_normal((2, 5, 2))
    out = F.scaled_dot_product_attention(leaf(q), leaf(k), leaf(v))
    np.testing.assert_allclose(out.detach().numpy(), naive_attention(q, k, v))
    allowed = RNG.random((3, 5)) < 0.6
    allowed[:, 0] = True
    masked = F.scaled_dot_product_attention(leaf(q), leaf(k), leaf(v), attn_mask=autograd.tensor(allowed))
    np.testing.assert_allclose(masked.detach().numpy(), naive_attention(q, k, v, allowed))
    as_float = F.scaled_dot_product_attention(leaf(q), leaf(k), leaf(v), attn_mask=np.where(allowed, 0.0, -np.inf))
    np.testing.assert_allclose(as_float.detach().numpy(), masked.detach().numpy())
    causal = F.scaled_dot_product_attention(leaf(q), leaf(k), leaf(v), is_causal=True)
    np.testing.assert_allclose(causal.detach().numpy(), naive_attention(q, k, v, np.tril(np.ones((3, 5), bool))))


def test_scaled_dot_product_attention_hand_worked():
    """Two keys with equal scores: the output is the average of the values."""
    out = F.scaled_dot_product_attention(leaf([[1.0, 0.0]]), leaf([[0.0, 1.0], [0.0, -1.0]]), leaf([[2.0], [4.0]]))
    np.testing.assert_allclose(out.detach().numpy(), [[3.0]])


def test_scaled_dot_product_attention_gradcheck():
    mask = leaf(RNG.standard_normal((2, 3)))
    assert autograd.gradcheck(
        lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [leaf(RNG.standard_normal(shape)) for shape in ((2, 2, 2), (2, 3, 2), (2, 3, 2))] + [mask],
    )
    assert autograd.gradcheck(
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.3),
        [leaf(RNG.standard_normal((3, 2))), leaf(RNG.standard_normal((3, 2))), leaf(RNG.standard_normal((3, 1)))],
    )


def test_masked_softmax_as_in_the_course():
    X = RNG.random((2, 2, 4))
    weights = F.masked_softmax(autograd.tensor(X), autograd.tensor([2, 3])).detach().numpy()
    np.testing.assert_allclose(weights[0, :, 2:], 0.0)
    np.testing.assert_allclose(weights[1, :, 3:], 0.0)
    np.testing.assert_allclose(weights.sum(-1), 1.0)
    expected = np.exp(X[0, 0, :2]) / np.exp(X[0, 0, :2]).sum()
    np.testing.assert_allclose(weights[0, 0, :2], expected)
    per_query = F.masked_softmax(autograd.tensor(X), autograd.tensor([[1, 3], [2, 4]])).detach().numpy()
    np.testing.assert_allclose(per_query[0, 0], [1, 0, 0, 0])
    np.testing.assert_allclose(per_query[1, 1], np.exp(X[1, 1]) / np.exp(X[1, 1]).sum())
    np.testing.assert_allclose(F.masked_softmax(autograd.tensor(X), None).detach().numpy().sum(-1), 1.0)
    assert autograd.gradcheck(lambda x: F.masked_softmax(x, np.array([1, 3])), [leaf(RNG.standard_normal((2, 2, 4)))])


def test_additive_attention_matches_naive_loop_and_gradchecks():
    queries, keys, values = (RNG.standard_normal(shape) for shape in ((2, 1, 3), (2, 4, 2), (2, 4, 2)))
    W_q, W_k, w_v = RNG.standard_normal((5, 3)), RNG.standard_normal((5, 2)), RNG.standard_normal((1, 5))
    valid_lens = np.array([2, 4])
    output, weights = F.additive_attention(*map(leaf, (queries, keys, values, W_q, W_k, w_v)), valid_lens=valid_lens)
    for b in range(2):
        scores = np.array([(w_v @ np.tanh(W_q @ queries[b, 0] + W_k @ keys[b, j]))[0] for j in range(valid_lens[b])])
        expected = np.exp(scores) / np.exp(scores).sum()
        np.testing.assert_allclose(weights.detach().numpy()[b, 0, : valid_lens[b]], expected, atol=1e-12)
        np.testing.assert_allclose(output.detach().numpy()[b, 0], expected @ values[b, : valid_lens[b]], atol=1e-12)
    inputs = [leaf(a) for a in (queries, keys, values, W_q, W_k, w_v)]
    assert autograd.gradcheck(lambda *a: F.additive_attention(*a, valid_lens=valid_lens)[0], inputs)


def small_attention(batch_first=False, bias=True):
    autograd.manual_seed(0)
    return nn.MultiheadAttention(4, 2, bias=bias, batch_first=batch_first).double()


def naive_multihead(module, query, key, value, blocked=None):
    """(L, N, E) inputs; per head and example, attention over the keys not blocked."""
    W, b = module.in_proj_weight.detach().numpy(), module.in_proj_bias.detach().numpy()
    E, h, d = 4, 2, 2
    q, k, v = (x @ W[i * E : (i + 1) * E].T + b[i * E : (i + 1) * E] for i, x in enumerate((query, key, value)))
    heads, weights = np.zeros(query.shape), np.zeros((query.shape[1], query.shape[0], key.shape[0]))
    for n in range(query.shape[1]):
        for head in range(h):
            cols = slice(head * d, (head + 1) * d)
            scores = q[:, n, cols] @ k[:, n, cols].T / math.sqrt(d)
            if blocked is not None:
                scores = np.where(blocked[n], -np.inf, scores)
            w = np.exp(scores - scores.max(-1, keepdims=True))
            w /= w.sum(-1, keepdims=True)
            heads[:, n, cols] = w @ v[:, n, cols]
            weights[n] += w / h
    return heads @ module.out_proj.weight.detach().numpy().T + module.out_proj.bias.detach().numpy(), weights


def test_multihead_attention_matches_naive_per_head_loop():
    module = small_attention()
    query, key = RNG.standard_normal((3, 2, 4)), RNG.standard_normal((5, 2, 4))
    attn_mask = np.triu(np.ones((3, 5), bool), 1)
    padding = np.zeros((2, 5), bool)
    padding[1, 4] = True
    output, weights = module(autograd.tensor(query), autograd.tensor(key), autograd.tensor(key),
                             key_padding_mask=padding, attn_mask=attn_mask)
    expected_output, expected_weights = naive_multihead(module, query, key, key, attn_mask | padding[:, None, :])
    np.testing.assert_allclose(output.detach().numpy(), expected_output, atol=1e-12)
    np.testing.assert_allclose(weights.detach().numpy(), expected_weights, atol=1e-12)


@pytest.mark.parametrize("bias", [True, False])
def test_multihead_attention_gradcheck_inputs_and_every_parameter(bias):
    module = small_attention(bias=bias)
    query, key, value = (leaf(RNG.standard_normal(shape)) for shape in ((2, 2, 4), (3, 2, 4), (3, 2, 4)))
    attn_mask = leaf(RNG.standard_normal((2, 3)))
    padding = np.array([[False, False, True], [False, False, False]])
    params = list(module.parameters())
    assert len(params) == (4 if bias else 2)

    def fn(q, k, v, m, *params):
        return module(q, k, v, key_padding_mask=padding, attn_mask=m)

    assert autograd.gradcheck(fn, [query, key, value, attn_mask] + params)


def test_multihead_attention_shapes_and_options():
    module = small_attention(batch_first=True)
    x = autograd.tensor(RNG.standard_normal((2, 3, 4)))  # (N, L, E)
    output, weights = module(x, x, x)
    assert output.shape == (2, 3, 4) and weights.shape == (2, 3, 3)
    np.testing.assert_allclose(weights.detach().numpy().sum(-1), 1.0)
    _, per_head = module(x, x, x, average_attn_weights=False)
    assert per_head.shape == (2, 2, 3, 3)
    np.testing.assert_allclose(per_head.detach().numpy().mean(1), weights.detach().numpy())
    assert module(x, x, x, need_weights=False)[1] is None
    single, single_weights = module(x[0], x[0], x[0])
    np.testing.assert_allclose(single.detach().numpy(), output.detach().numpy()[0], atol=1e-12)
    assert single_weights.shape == (3, 3)
    mask = np.zeros((2 * 2, 3, 3), bool)  # a per-(example, head) mask
    mask[:, :, 2] = True
    _, masked = module(x, x, x, attn_mask=mask)
    np.testing.assert_allclose(masked.detach().numpy()[:, :, 2], 0.0)


def test_multihead_attention_parameters_and_init():
    module = nn.MultiheadAttention(6, 3)
    assert list(module.state_dict()) == ["in_proj_weight", "in_proj_bias", "out_proj.weight", "out_proj.bias"]
    assert module.in_proj_weight.shape == (18, 6)
    bound = math.sqrt(6 / (18 + 6))  # Xavier-uniform of a (18, 6) matrix
    assert np.abs(module.in_proj_weight.detach().numpy()).max() <= bound
    assert not module.in_proj_bias.detach().numpy().any() and not module.out_proj.bias.detach().numpy().any()


def test_multihead_attention_bad_input():
    with pytest.raises(AssertionError, match="divisible"):  # (PyTorch's type)
        nn.MultiheadAttention(5, 2)
    module = nn.MultiheadAttention(4, 2)
    x = autograd.zeros(3, 2, 4)
    with pytest.raises(ValueError, match=r"expected key of shape \(\*, 4\).*got \(3, 2, 5\)"):
        module(x, autograd.zeros(3, 2, 5), x)
    with pytest.raises(ValueError, match=r"attn_mask must have shape \(3, 3\) or \(4, 3, 3\), got \(2, 3\)"):
        module(x, x, x, attn_mask=np.zeros((2, 3), bool))
    with pytest.raises(ValueError, match=r"key_padding_mask must have shape \(2, 3\), got \(3, 2\)"):
        module(x, x, x, key_padding_mask=np.zeros((3, 2), bool))
    with pytest.raises(ValueError, match="valid_lens"):
        F.masked_softmax(autograd.zeros(2, 2, 2), np.zeros((1, 1, 1)))


def test_multihead_attention_key_size_errors_and_unsupported_options():
    attention = nn.MultiheadAttention(4, 2, kdim=3, vdim=5)
    with pytest.raises(ValueError, match=r"expected key of shape \(\*, 3\)"):
        attention(autograd.randn(2, 1, 4), autograd.randn(3, 1, 4), autograd.randn(3, 1, 5))
    assert attention(autograd.randn(2, 1, 4), autograd.randn(3, 1, 3), autograd.randn(3, 1, 5))[0].shape == (2, 1, 4)
    with pytest.raises(NotImplementedError, match="add_bias_kv"):
        nn.MultiheadAttention(4, 2, add_bias_kv=True)
