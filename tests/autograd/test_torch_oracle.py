"""PyTorch as a second oracle: the same expressions give the same values and gradients."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd

torch = pytest.importorskip("torch")

EXPRESSIONS = {
    "mlp": lambda lib, x, w, b: lib_tanh(lib, x @ w + b).sum(),
    "softmax": lambda lib, x, w, b: (x.softmax(1) * w.T[:1]).sum() if x.shape[1] == w.shape[1] else x.softmax(1).sum() * b.sum(),
    "log_softmax": lambda lib, x, w, b: (x @ w).log_softmax(1)[:, 0].sum(),
    "logsumexp_var": lambda lib, x, w, b: (x @ w).logsumexp(1).sum() + (x @ w).var() + (x @ w).std(0).sum(),
    "norm_clamp": lambda lib, x, w, b: (x @ w).norm() + (x @ w).clamp(-0.5, 0.5).sum(),
    "broadcast_div_pow": lambda lib, x, w, b: ((x @ w) / (b * b + 1)).pow(2).mean(),
    "index_cat": lambda lib, x, w, b: lib.cat([x[[0, 0]], x[[-1, 0], :1]], 1).exp().sum(),
    "sigmoid_abs_max": lambda lib, x, w, b: (x @ w).sigmoid().sum() + (x @ w).abs().amax() + x.relu().sum(),
}


def lib_tanh(lib, x):
    return x.tanh()


@pytest.mark.parametrize("name", sorted(EXPRESSIONS))
@given(data=st.data())
def test_values_and_gradients_match_pytorch(name, data):
    n, k, m = data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3)), data.draw(st.integers(1, 3))
    # tiny magnitudes excluded: PyTorch's norm underflows to 0 there, ours (scaled) does not
    elements = st.floats(-2, 2).filter(lambda v: v == 0 or abs(v) > 1e-100)
    arrays = [data.draw(hnp.arrays(np.float64, shape, elements=elements)) for shape in [(n, k), (k, m), (m,)]]
    ours = [autograd.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out_ours = EXPRESSIONS[name](autograd, *ours)
    out_theirs = EXPRESSIONS[name](torch, *theirs)
    out_ours.backward()
    out_theirs.backward()
    assert np.allclose(out_ours.item(), out_theirs.item(), rtol=1e-10, atol=1e-12, equal_nan=True)
    if name == "logsumexp_var" and n > 1 and _nearly_constant_column(arrays[0] @ arrays[1]):
        # std(0)'s gradient is (v - mean) / ((n - 1) std): where a column's rows are equal (hypothesis often
        # draws identical rows) it is 0/0, and both libraries divide rounding noise by rounding noise (the
        # mean of equal numbers need not equal them: std ~ 1e-16), in different orders, giving different O(1)
        # numbers; glassgrad's documented answer, 0, comes only where the variance rounds to exactly 0. Up to a
        # spread of 1e-6 of the values the quotient has too few correct digits for rtol=1e-8: values only.
        return
    for a, b in zip(ours, theirs, strict=True):
        expected = np.zeros(a.shape) if b.grad is None else b.grad.numpy()
        got = np.zeros(a.shape) if a.grad is None else a.grad.numpy()
        assert np.allclose(got, expected, rtol=1e-8, atol=1e-10, equal_nan=True), name


def _nearly_constant_column(values):
    """Whether some column's spread is at most 1e-6 of its largest magnitude (0 for equal rows)."""
    return bool((np.ptp(values, axis=0) <= 1e-6 * np.abs(values).max(axis=0)).any())


def test_second_derivatives_match_pytorch():
    rng = np.random.default_rng(1)
    a = rng.normal(size=(3, 3))
    ours, theirs = autograd.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    (g_ours,) = autograd.grad((ours.tanh() @ ours).sum(), ours, create_graph=True)
    (g_theirs,) = torch.autograd.grad((theirs.tanh() @ theirs).sum(), theirs, create_graph=True)
    (h_ours,) = autograd.grad((g_ours**2).sum(), ours)
    (h_theirs,) = torch.autograd.grad((g_theirs**2).sum(), theirs)
    assert np.allclose(h_ours._data, h_theirs.numpy(), rtol=1e-10)
