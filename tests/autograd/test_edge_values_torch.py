"""PyTorch's values and gradients at the edges its kernels define: logsumexp's exp(x − out) rule at huge ties,
kl_div's xlogy target gradient at 0, binary_cross_entropy's +0 at x = y, and signed zeros through relu, hardtanh,
relu6, elu, selu, celu and clamp (issue 19, hostile19b S2-S4)."""
import numpy as np
import pytest

import autograd
import nn.functional as F

torch = pytest.importorskip("torch")
TF = torch.nn.functional

DTYPES = [np.float32, np.float64]
EDGES = [-0.0, 0.0, 1e-45, -1e-45, 5e-324, -5e-324, np.inf, -np.inf, np.nan, -1.0, 1.0, 6.0, 7.0]


def same_bits(ours, theirs):
    """Equal values, NaN where NaN, and the same sign bit on every non-NaN entry."""
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
    assert np.array_equal(ours, theirs, equal_nan=True), (ours, theirs)
    assert np.array_equal(np.signbit(ours) & ~np.isnan(ours), np.signbit(theirs) & ~np.isnan(theirs)), (ours, theirs)


def both(ours_fn, torch_fn, arrays, dtype, upstream=1.0):
    """(value, gradients) of ours and of PyTorch's for the same inputs and the same upstream gradient."""
    results = []
    for lib, fn in ((autograd, ours_fn), (torch, torch_fn)):
        xs = [lib.tensor(np.array(a, dtype=dtype), requires_grad=True) for a in arrays]
        out = fn(*xs)
        out.backward(lib.tensor(np.full(tuple(out.shape), upstream, dtype=dtype)))
        results.append((out.detach().numpy(), [x.grad.numpy() for x in xs]))
    return results


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("rows", [[[1e8, 1e8]], [[3e38, 3e38]], [[1e8, 1e8, 1e8]], [[-np.inf, -np.inf]],
                                  [[np.inf, 1.0]], [[np.nan, 1.0]], [[np.inf, np.inf]], [[-np.inf, 0.0]],
                                  [[1e8, 1e8], [-np.inf, -np.inf]], [[2.0]]])
def test_logsumexp_gradient_is_pytorchs_exp_of_x_minus_result(rows, dtype):
    with np.errstate(over="ignore"):
        (ours, ours_grad), (theirs, theirs_grad) = both(
            lambda x: autograd.logsumexp(x, 1), lambda x: torch.logsumexp(x, 1), [rows], dtype)
    same_bits(ours, theirs)
    same_bits(ours_grad[0], theirs_grad[0])


def test_logsumexp_ties_so_large_that_ln2_rounds_away_get_one_each():
    x = autograd.tensor(np.array([1e8, 1e8], np.float32), requires_grad=True)
    autograd.logsumexp(x, 0).backward()
    assert x.grad.numpy().tolist() == [1.0, 1.0]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("dim,keepdim", [(0, False), (1, True), ((0, 1), False), ((0, 1), True)])
def test_logsumexp_gradient_and_second_derivative_match_pytorch(dim, keepdim, dtype):
    data = np.random.default_rng(0).standard_normal((3, 4)).astype(dtype)
    weights = np.arange(12, dtype=dtype).reshape(3, 4)
    grads = []
    for lib in (autograd, torch):
        x = lib.tensor(data, requires_grad=True)
        grad = torch.autograd.grad if lib is torch else autograd.grad
        (g,) = grad(lib.logsumexp(x, dim, keepdim=keepdim).sum(), x, create_graph=True)
        (h,) = grad((g * lib.tensor(weights)).sum(), x)
        grads.append((g.detach().numpy(), h.numpy()))
    tolerance = 1e-6 if dtype == np.float32 else 1e-12  # (float32 exp: NumPy's and PyTorch's differ by an ulp)
    for ours, theirs in zip(*grads, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=tolerance, atol=tolerance)


def test_logsumexp_empty_and_scalar_as_pytorch():
    for shape, dim in (((0, 3), 0), ((), 0)):
        for lib in (autograd, torch):
            x = lib.zeros(*shape, requires_grad=True) if shape else lib.tensor(2.0, requires_grad=True)
            out = lib.logsumexp(x, dim)
            out.sum().backward()
            if lib is autograd:
                ours = (out.detach().numpy(), x.grad.numpy())
        same_bits(ours[0], out.detach().numpy())
        same_bits(ours[1], x.grad.numpy())


def test_logsumexp_passes_gradcheck():
    x = autograd.tensor(np.random.default_rng(1).standard_normal((3, 4)), requires_grad=True)
    assert autograd.gradcheck(lambda t: autograd.logsumexp(t, 1), (x,))
    assert autograd.gradgradcheck(lambda t: autograd.logsumexp(t, 1), (x,))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["none", "sum", "mean", "batchmean"])
@pytest.mark.parametrize("target", [[0.0, 0.5, -0.0], [0.0, 0.0, 0.0], [0.2, 0.3, 0.5], [1.0, 0.0, 2.0]])
def test_kl_div_target_gradient_at_zero_is_pytorchs_nan(target, reduction, dtype):
    inputs = [-1.0, -2.0, -0.5]
    (ours, ours_grads), (theirs, theirs_grads) = both(
        lambda x, y: F.kl_div(x, y, reduction=reduction), lambda x, y: _torch_kl_div(x, y, reduction),
        [inputs, target], dtype)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    for a, b in zip(ours_grads, theirs_grads, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-6)
        assert np.array_equal(np.isnan(a), np.isnan(b))


def _torch_kl_div(x, y, reduction):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ('mean' warns about 'batchmean')
        return TF.kl_div(x, y, reduction=reduction)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
def test_binary_cross_entropy_value_at_x_equal_y_is_pytorchs_positive_zero(reduction, dtype):
    (ours, ours_grads), (theirs, _) = both(
        lambda x, y: F.binary_cross_entropy(x, y, reduction=reduction),
        lambda x, y: TF.binary_cross_entropy(x, y, reduction=reduction),
        [[0.0, 1.0, 0.5, 0.0, 1.0], [0.3, 0.3, 0.3, 0.0, 1.0]], dtype)
    same_bits(ours, theirs)
    assert np.all(np.isfinite(ours_grads[1]))  # (its target gradient at x ∈ {0, 1}: ±100/N, a stated difference)


ACTIVATIONS = {
    "relu": (F.relu, TF.relu), "relu6": (F.relu6, TF.relu6), "hardtanh": (F.hardtanh, TF.hardtanh),
    "elu": (F.elu, TF.elu), "selu": (F.selu, TF.selu), "celu": (F.celu, TF.celu),
    "elu(alpha=0)": (lambda x: F.elu(x, 0.0), lambda x: TF.elu(x, 0.0)),
    "celu(alpha=2)": (lambda x: F.celu(x, 2.0), lambda x: TF.celu(x, 2.0)),
    "leaky_relu": (F.leaky_relu, TF.leaky_relu),
}
BOUNDS = [(-0.0, 0.0), (0.0, -0.0), (-0.0, 1.0), (0.0, 1.0), (-1.0, -0.0), (-1.0, 0.0), (0.0, 6.0)]
for _low, _high in BOUNDS:
    ACTIVATIONS[f"hardtanh({_low}, {_high})"] = (lambda x, lo=_low, hi=_high: F.hardtanh(x, lo, hi),
                                                 lambda x, lo=_low, hi=_high: TF.hardtanh(x, lo, hi))
    ACTIVATIONS[f"clamp({_low}, {_high})"] = (lambda x, lo=_low, hi=_high: autograd.clamp(x, lo, hi),
                                              lambda x, lo=_low, hi=_high: torch.clamp(x, lo, hi))
    ACTIVATIONS[f"clamp(min={_low})"] = (lambda x, lo=_low: autograd.clamp(x, min=lo),
                                         lambda x, lo=_low: torch.clamp(x, min=lo))
    ACTIVATIONS[f"clamp(max={_high})"] = (lambda x, hi=_high: autograd.clamp(x, max=hi),
                                          lambda x, hi=_high: torch.clamp(x, max=hi))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_signed_zeros_of_value_and_gradient_as_pytorch(name, dtype):
    ours_fn, torch_fn = ACTIVATIONS[name]
    with np.errstate(over="ignore", under="ignore"):
        (ours, ours_grads), (theirs, theirs_grads) = both(ours_fn, torch_fn, [EDGES], dtype)
    edge = ~np.isin(np.asarray(EDGES, dtype), [-1.0, 6.0, 7.0])  # (float32 exp, expm1: an ulp apart elsewhere)
    for a, b in ((ours, theirs), (ours_grads[0], theirs_grads[0])):
        same_bits(a[edge], b[edge])
        np.testing.assert_allclose(a, b, rtol=1e-6)


@pytest.mark.parametrize("dtype", DTYPES)
def test_relu_gradient_at_negative_zero_is_positive_zero(dtype):
    x = autograd.tensor(np.array([-0.0, 0.0, -1.0], dtype), requires_grad=True)
    F.relu(x).backward(autograd.tensor(np.array([-1.0, -1.0, -1.0], dtype)))
    assert not np.any(np.signbit(x.grad.numpy()))


def test_broadcast_logsumexp_rows_each_use_their_own_rule():
    rows = np.array([[1e8, 1e8], [0.0, np.log(3.0)], [-np.inf, -np.inf]], np.float32)
    x = autograd.tensor(rows, requires_grad=True)
    t = torch.tensor(rows, requires_grad=True)
    (autograd.logsumexp(x, 1) * autograd.tensor(np.array([1.0, 2.0, 3.0], np.float32))).sum().backward()
    (torch.logsumexp(t, 1) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), t.grad.numpy(), rtol=1e-6)
    assert np.array_equal(np.isnan(x.grad.numpy()), np.isnan(t.grad.numpy()))


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("values", [[-0.0, -0.0], [-0.0, 0.0], [0.0, -0.0], [-0.0], [], [-0.0, 1.0, -1.0, -0.0],
                                    [1e-45, -1e-45, -0.0], [[-0.0, -0.0], [-0.0, 1.0]]])
@pytest.mark.parametrize("dim", [0, -1])
def test_cumsum_of_negative_zeros_starts_from_positive_zero_as_pytorch(values, dim, dtype):
    with np.errstate(under="ignore"):
        (ours, ours_grads), (theirs, theirs_grads) = both(
            lambda x: autograd.cumsum(x, dim), lambda x: torch.cumsum(x, dim), [values], dtype)
    same_bits(ours, theirs)
    same_bits(ours_grads[0], theirs_grads[0])


TIED = {
    "max(dim)": lambda lib, x: tuple(lib.max(x, 1)), "min(dim)": lambda lib, x: tuple(lib.min(x, 1)),
    "argmax": lambda lib, x: (lib.amax(x, 1), lib.argmax(x, 1)), "argmin": lambda lib, x: (lib.amin(x, 1), lib.argmin(x, 1)),
    "max()": lambda lib, x: (lib.max(x),), "min()": lambda lib, x: (lib.min(x),),
    "sort": lambda lib, x: tuple(lib.sort(x, 1)), "sort(descending)": lambda lib, x: tuple(lib.sort(x, 1, descending=True)),
    "median(dim)": lambda lib, x: tuple(lib.median(x, 1)), "median()": lambda lib, x: (lib.median(x),),
    "nanmedian(dim)": lambda lib, x: tuple(lib.nanmedian(x, 1)),
}


@pytest.mark.parametrize("name", list(TIED))
@pytest.mark.parametrize("seed", range(4))
def test_ties_pick_pytorchs_index_and_gradient_where_pytorch_is_deterministic(name, seed):
    """Rows of 0, 1 and 2 (and NaN in odd seeds): the value, index and gradient of each op that PyTorch defines
    on ties (the first maximum, the sort's order, the lower median)."""
    rng = np.random.default_rng(seed)
    for dtype in DTYPES:
        data = rng.integers(0, 3, (int(rng.integers(1, 9)), int(rng.integers(1, 9)))).astype(dtype)
        if seed % 2:
            data[rng.random(data.shape) < 0.2] = np.nan
        results = []
        for lib in (autograd, torch):
            x = lib.tensor(data, requires_grad=True)
            out = TIED[name](lib, x)
            weights = lib.tensor(np.arange(1, out[0].numel() + 1, dtype=dtype).reshape(tuple(out[0].shape)))
            (out[0] * weights).sum().backward()
            results.append([t.detach().numpy() for t in out] + [x.grad.numpy()])
        for ours, theirs in zip(*results, strict=True):
            assert np.array_equal(ours, theirs, equal_nan=True), (name, data, ours, theirs)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("reduction", ["none", "sum", "mean"])
@pytest.mark.parametrize("weight", [None, np.inf, -np.inf, 0.0, np.nan, 2.0])
@pytest.mark.parametrize("pos_weight", [None, np.inf, -np.inf, 0.0, np.nan, 2.0])
def test_binary_cross_entropy_with_logits_at_infinite_weights(pos_weight, weight, reduction, dtype):
    """The value is PyTorch's for any weight and pos_weight over logits ±inf, ±0 and NaN; the gradients are too
    where both weights are finite (an infinite one is a stated difference: NaN where PyTorch may give ±inf)."""
    logits = np.array([-np.inf, -3.0, 0.0, -0.0, 3.0, np.inf, np.nan], dtype)
    results = []
    for lib, functional in ((autograd, F), (torch, TF)):
        for target in (0.0, 0.5, 1.0):
            x = lib.tensor(logits, requires_grad=True)
            y = lib.tensor(np.full(7, target, dtype), requires_grad=True)
            weights = {name: lib.tensor(np.full(7, value, dtype)) for name, value in
                       (("weight", weight), ("pos_weight", pos_weight)) if value is not None}
            out = functional.binary_cross_entropy_with_logits(x, y, reduction=reduction, **weights)
            out.sum().backward()
            results.append((out.detach().numpy(), x.grad.numpy(), y.grad.numpy()))
    finite = all(w is None or np.isfinite(w) for w in (weight, pos_weight))
    for ours, theirs in zip(results[:3], results[3:], strict=True):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if i == 0 or finite:
                np.testing.assert_allclose(a, b, rtol=1e-5 if dtype == np.float32 else 1e-12)
                assert np.array_equal(np.isnan(a), np.isnan(b))


MIXED = {"pow": lambda lib, a, b: lib.pow(a, b), "atan2": lambda lib, a, b: lib.atan2(a, b),
         "hypot": lambda lib, a, b: lib.hypot(a, b), "xlogy": lambda lib, a, b: lib.xlogy(a, b),
         "mul": lambda lib, a, b: a * b, "div": lambda lib, a, b: a / b, "sub": lambda lib, a, b: a - b,
         "fmod": lambda lib, a, b: lib.fmod(a, b), "remainder": lambda lib, a, b: lib.remainder(a, b),
         "maximum": lambda lib, a, b: lib.maximum(a, b)}


@pytest.mark.parametrize("float32_first", [False, True])
@pytest.mark.parametrize("name", list(MIXED))
def test_mixed_float32_float64_gradients_agree_with_pytorch_to_float32_precision(name, float32_first):
    """The stated difference: computed in float64, they agree with PyTorch's (which takes some parts in float32)
    to float32's precision; each gradient keeps its input's dtype, as PyTorch's."""
    rng = np.random.default_rng(3)
    wide, narrow = rng.uniform(0.5, 3, 64), rng.uniform(-20, 20, 64).astype(np.float32)
    results = []
    for lib in (autograd, torch):
        a, b = lib.tensor(wide, requires_grad=True), lib.tensor(narrow, requires_grad=True)
        out = MIXED[name](lib, b, a) if float32_first else MIXED[name](lib, a, b)
        out.sum().backward()
        results.append((out.detach().numpy(), a.grad.numpy(), b.grad.numpy()))
    for ours, theirs in zip(*results, strict=True):
        assert ours.dtype == theirs.dtype
        np.testing.assert_allclose(ours, theirs, rtol=2e-6, atol=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_mode_of_tied_rows_without_nan_is_pytorchs_value_index_and_gradient(seed):
    """The smallest of the most frequent values, at its last index, as PyTorch's (NaN lines: a stated difference)."""
    data = np.random.default_rng(seed).integers(0, 3, (8, 7)).astype(np.float64)
    results = []
    for lib in (autograd, torch):
        x = lib.tensor(data, requires_grad=True)
        values, indices = lib.mode(x, 1)
        (values * lib.tensor(np.arange(1.0, 9.0))).sum().backward()
        results.append((values.detach().numpy(), indices.numpy(), x.grad.numpy()))
    for ours, theirs in zip(*results, strict=True):
        assert np.array_equal(ours, theirs)


@pytest.mark.parametrize("op", ["topk", "kthvalue"])
def test_unspecified_ties_still_give_pytorchs_values_and_a_gradient_on_equal_elements(op):
    """Which of several equal elements topk and kthvalue pick is unspecified (PyTorch's CPU kernel often takes
    later ones); the values are PyTorch's and each gradient lands on an element of the picked value."""
    data = np.random.default_rng(5).integers(0, 3, (6, 7)).astype(np.float32)
    pick = {"topk": lambda lib, x: lib.topk(x, 3, 1), "kthvalue": lambda lib, x: lib.kthvalue(x, 3, 1)}[op]
    values = []
    for lib in (autograd, torch):
        x = lib.tensor(data, requires_grad=True)
        out = pick(lib, x)
        out[0].sum().backward()
        values.append(out[0].detach().numpy())
        gathered = np.take_along_axis(data, out[1].numpy().reshape(6, -1), 1).reshape(out[0].shape)
        assert np.array_equal(gathered, out[0].detach().numpy())
        assert x.grad.numpy().sum() == out[0].numel()
    assert np.array_equal(values[0], values[1])
