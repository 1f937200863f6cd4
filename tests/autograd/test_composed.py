"""Functions composed from primitives: gradchecked, and finite and correct at ±1000 and beyond
(compared with closed forms computed here in plain NumPy / math)."""
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import tensor
from autograd.gradcheck import gradcheck, gradgradcheck

from .strategies import distinct_tensors, tensors

MATRICES = tensors(shape=st.tuples(st.integers(1, 3), st.integers(2, 4)))


@given(MATRICES, st.sampled_from([0, 1, -1]))
def test_softmax_family_gradients(x, dim):
    assert gradcheck(lambda x: x.softmax(dim), (x,))
    assert gradcheck(lambda x: x.log_softmax(dim), (x,))
    assert gradcheck(lambda x: x.logsumexp(dim), (x,))
    assert gradgradcheck(lambda x: x.log_softmax(dim), (x,))


@given(MATRICES, st.sampled_from([None, 0, 1]), st.sampled_from([0, 1]))
def test_statistics_gradients(x, dim, correction):
    assert gradcheck(lambda x: x.mean(dim), (x,))
    if x.numel() > 2:  # unbiased variance needs n > 1 along every reduced axis
        n = x.numel() if dim is None else x.shape[dim]
        if n > correction:
            assert gradcheck(lambda x: x.var(dim, correction=correction), (x,))
            assert gradcheck(lambda x: (x.var(dim, correction=correction) + 1).sqrt(), (x,))


@given(distinct_tensors(st.tuples(st.integers(1, 3), st.integers(2, 4))), st.sampled_from([1, 2, float("inf"), 3]))
def test_norm_gradients(x, p):
    assert gradcheck(lambda x: x.norm(p), (x,))
    assert gradcheck(lambda x: x.norm(p, dim=1), (x,))


@given(distinct_tensors())
def test_max_min_clamp_maximum(x):
    assert gradcheck(lambda x: x.max(), (x,))
    assert gradcheck(lambda x: x.min(), (x,))
    assert gradcheck(lambda x: x.clamp(-0.23, 0.27), (x,))
    assert gradcheck(lambda x: autograd.maximum(x, 0.013) + autograd.minimum(x, -0.017), (x,))


def test_maximum_splits_ties_like_pytorch():
    a, b = tensor(1.0, requires_grad=True), tensor(1.0, requires_grad=True)
    autograd.maximum(a, b).backward()
    assert a.grad.item() == 0.5 and b.grad.item() == 0.5


def test_max_along_a_dim_returns_values_and_indices():
    x = tensor([[1.0, 7.0, 3.0], [9.0, 2.0, 4.0]], requires_grad=True)
    values, indices = x.max(dim=1)
    assert values.tolist() == [7.0, 9.0] and indices.tolist() == [1, 0]
    values.sum().backward()
    assert x.grad.tolist() == [[0, 1, 0], [1, 0, 0]]


def test_softmax_of_huge_logits():
    x = tensor([1000.0, 0.0, -1000.0])
    assert x.softmax(0).tolist() == [1.0, 0.0, 0.0]
    big = tensor([1e5, 1e5 - 1.0, -1e5])
    expected = [1 / (1 + math.exp(-1)), math.exp(-1) / (1 + math.exp(-1)), 0.0]
    assert np.allclose(big.softmax(0)._data, expected)


def test_log_softmax_and_logsumexp_of_huge_logits():
    x = tensor([1e5, 0.0, -1e5], dtype=np.float64, requires_grad=True)
    out = x.log_softmax(0)
    assert out.tolist() == [0.0, -1e5, -2e5]
    assert x.logsumexp(0).item() == 1e5
    out[1].backward()  # d/dx of x1 - lse(x) = e1 - softmax
    assert np.allclose(x.grad.numpy(), [-1.0, 1.0, 0.0])
    assert np.isfinite(tensor([-1e5, -1e5]).logsumexp(0).item())
    assert np.isclose(tensor([-1000.0, -1000.0], dtype=np.float64).logsumexp(0).item(), -1000 + math.log(2))


def test_logsumexp_with_infinities():
    assert tensor([-np.inf, -np.inf]).logsumexp(0).item() == -np.inf
    assert tensor([np.inf, 0.0]).logsumexp(0).item() == np.inf


def test_sigmoid_and_tanh_saturate_without_nan():
    x = tensor([-1e5, -1000.0, 0.0, 1000.0, 1e5], requires_grad=True)
    s = x.sigmoid()
    assert s.tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]
    s.sum().backward()
    assert np.all(np.isfinite(x.grad.numpy()))
    assert x.tanh().tolist() == [-1.0, -1.0, 0.0, 1.0, 1.0]


@pytest.mark.parametrize("dtype, x, expected", [
    # 1 / (1 + e^-x) as PyTorch computes it: e^-x overflows (float32 past 88.7), so σ is exactly 0 there
    (np.float32, [-95.0, -88.0, -20.0, 0.0, 20.0], [0.0, 6.0546015e-39, 2.0611537e-09, 0.5, 1.0]),
    (np.float64, [-800.0, -700.0, -20.0], [0.0, 9.8597e-305, 2.0611536e-09]),
    # float16 is computed in float32 and rounded once: σ(−12) survives although e^12 overflows float16
    (np.float16, [-20.0, -12.0, -5.0, 5.0], [0.0, 6.1393e-06, 6.6910e-03, 0.99316]),
])
def test_sigmoid_far_out_gives_pytorchs_values(dtype, x, expected):
    out = tensor(x, dtype=dtype).sigmoid()
    assert out.dtype == dtype
    np.testing.assert_allclose(out.numpy().astype(np.float64), expected, rtol=1e-4, atol=0)


def test_sigmoid_gradient_rounds_as_pytorchs_sigmoid_backward():
    """g (1 − y) y, in that order: g y (1 − y) gives a different float16 result here (−0.21008)."""
    x = tensor([1.383], dtype=np.float16, requires_grad=True)
    x.sigmoid().backward(tensor([-1.31], dtype=np.float16))
    assert x.grad.numpy().tolist() == [-0.2099609375]  # PyTorch 2's value


def test_sigmoid_gradient_is_pytorchs_bit_for_bit_where_the_values_agree():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for dtype in (np.float16, np.float32, np.float64):
        x, g = (4 * rng.standard_normal(2000)).astype(dtype), rng.standard_normal(2000).astype(dtype)
        ours, theirs = tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        y, their_y = ours.sigmoid(), theirs.sigmoid()
        y.backward(tensor(g))
        their_y.backward(torch.tensor(g))
        same = y.detach().numpy() == their_y.detach().numpy()  # NumPy's exp and PyTorch's differ by an ulp at times
        assert same.mean() > 0.8
        assert np.array_equal(ours.grad.numpy()[same], theirs.grad.numpy()[same])


def test_var_std_and_mean_closed_forms():
    x = tensor([1000.0, 1002.0, 1004.0, 1006.0], dtype=np.float64)
    assert x.mean().item() == 1003.0
    assert np.isclose(x.var().item(), 20 / 3)  # Σ(dev²) = 9+1+1+9 = 20, n-1 = 3
    assert np.isclose(x.var(correction=0).item(), 5.0)
    assert np.isclose(x.std(unbiased=False).item(), math.sqrt(5.0))


def test_norm_closed_forms_and_no_overflow():
    assert tensor([3.0, 4.0]).norm().item() == 5.0
    assert tensor([3.0, -4.0]).norm(1).item() == 7.0
    assert tensor([3.0, -4.0]).norm(float("inf")).item() == 4.0
    assert np.isclose(tensor([1e30, 1e30]).norm().item(), math.sqrt(2) * 1e30, rtol=1e-6)
    assert tensor([0.0, 0.0]).norm().item() == 0.0


def test_numpy_aliases_for_dim_and_keepdim():
    x = tensor(np.arange(6.0).reshape(2, 3))
    assert x.sum(axis=1, keepdims=True).shape == (2, 1)
    assert x.mean(axis=0).tolist() == [1.5, 2.5, 3.5]


@given(MATRICES)
def test_shape_helpers_gradients(x):
    assert gradcheck(lambda x: x.T.flatten().unsqueeze(0).squeeze(), (x,))
    assert gradcheck(lambda x: x.repeat(2, 1, 2), (x,))
    assert gradcheck(lambda x: autograd.stack([x, 2 * x], dim=1), (x,))
    assert gradcheck(lambda x: sum(p.sum() * (i + 1) for i, p in enumerate(x.chunk(2, dim=1))), (x,))
    assert gradcheck(lambda x: x.expand(2, *x.shape), (x,))


def test_gather_picks_along_a_dim():
    x = tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    picked = autograd.gather(x, 1, np.array([[0, 0], [1, 0]]))
    assert picked.tolist() == [[1.0, 1.0], [4.0, 3.0]]
    picked.sum().backward()
    assert x.grad.tolist() == [[2.0, 0.0], [1.0, 1.0]]


@pytest.mark.parametrize("name", ["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "sin", "abs"])
def test_functional_forms_equal_methods(name):
    x = tensor([0.5, 1.5])
    assert getattr(autograd, name)(x).tolist() == getattr(x, name)().tolist()


def test_bmm_multiplies_each_batch_item():
    rng = np.random.default_rng(0)
    a, b = tensor(rng.normal(size=(2, 3, 4)), requires_grad=True), tensor(rng.normal(size=(2, 4, 5)), requires_grad=True)
    out = autograd.bmm(a, b)
    assert np.allclose(out._data[1], a._data[1] @ b._data[1])
    assert gradcheck(autograd.bmm, (a, b))
    with pytest.raises(RuntimeError, match=r"bmm: .*\(2, 3, 4\) and \(4, 5\)"):
        autograd.bmm(a, tensor(rng.normal(size=(4, 5))))
