"""The tensor ops of issue 22 against PyTorch: values, dtypes, gradients (first and second order)
and the errors for bad input. The primitives among them (erf, acos, asin, atan, atan2, log2, log10,
the rounding functions, cumsum, cumprod) are also checked by finite differences in test_primitives.py."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import autograd
from autograd.gradcheck import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")

SPECIAL = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 1.5, -2.5, 2.5, 8.0, 1000.0, 1e-30, np.inf, -np.inf, np.nan]


def pair(array, requires_grad=True):
    """The same values as a glassgrad tensor and a torch tensor."""
    grad = requires_grad and np.asarray(array).dtype.kind == "f"
    return autograd.tensor(array, requires_grad=grad), torch.tensor(array, requires_grad=grad)


def assert_same(ours, theirs, rtol=1e-12, atol=1e-12):
    """Same shape, dtype and values (NaN where PyTorch has NaN)."""
    theirs = theirs.detach()
    expected = theirs.numpy()
    got = ours.detach().numpy()
    assert got.shape == expected.shape
    assert str(got.dtype) == str(theirs.dtype).replace("torch.", "")
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)


def run_both(fn, arrays, weights_seed=0, rtol=1e-12, atol=1e-12, create_graph=False):
    """fn(lib, *tensors) on glassgrad and on torch: the outputs and the gradients of Σ w·out (w fixed random
    weights) must agree; with create_graph, the gradients of Σ (gradient)² too (second order)."""
    ours, theirs = zip(*(pair(a) for a in arrays), strict=True)
    out_ours, out_theirs = fn(autograd, *ours), fn(torch, *theirs)
    assert_same(out_ours, out_theirs, rtol, atol)
    if not out_theirs.requires_grad:
        return
    w = np.random.default_rng(weights_seed).normal(size=out_theirs.shape)
    grads_ours = autograd.grad((out_ours * autograd.tensor(w)).sum(), ours, create_graph=create_graph)
    grads_theirs = torch.autograd.grad((out_theirs * torch.tensor(w)).sum(), theirs, create_graph=create_graph)
    for g_ours, g_theirs in zip(grads_ours, grads_theirs, strict=True):
        assert_same(g_ours, g_theirs, rtol, atol)
    if create_graph and any(g.requires_grad for g in grads_theirs):
        second_ours = autograd.grad(sum((g * g).sum() for g in grads_ours), ours, allow_unused=True)
        second_theirs = torch.autograd.grad(sum((g * g).sum() for g in grads_theirs), theirs, allow_unused=True)
        for s_ours, s_theirs, t in zip(second_ours, second_theirs, theirs, strict=True):
            s_theirs = torch.zeros_like(t) if s_theirs is None else s_theirs
            s_ours = autograd.zeros_like(autograd.tensor(t.detach().numpy())) if s_ours is None else s_ours
            assert_same(s_ours, s_theirs, rtol=1e-9, atol=1e-9)


# ----- elementwise: erf, acos, asin, atan, atan2, log2, log10 -----
UNARY = ["erf", "acos", "asin", "atan", "log2", "log10", "arccos", "arcsin", "arctan"]


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_unary_values_match_pytorch_at_special_points(name, dtype):
    values = np.array(SPECIAL + list(np.linspace(-3, 3, 61)), dtype=dtype)
    ours, theirs = getattr(autograd, name)(autograd.tensor(values)), getattr(torch, name)(torch.tensor(values))
    tolerance = 2e-7 if dtype == np.float32 else 1e-15  # within one unit in the last place
    assert_same(ours, theirs, rtol=tolerance, atol=tolerance)


@pytest.mark.parametrize("name", UNARY)
def test_unary_gradients_match_pytorch_including_the_poles(name):
    """acos and asin at ±1 give ∓∞/±∞ and NaN beyond (PyTorch's values, no error); log2 at 0 gives ∞."""
    values = np.array([0.0, 0.3, -0.7, 1.0, -1.0, 1.5, -2.0, 4.0, np.inf, np.nan])
    run_both(lambda lib, x: getattr(lib, name)(x), [values], rtol=1e-14, atol=1e-14)


@pytest.mark.parametrize("name", ["erf", "acos", "asin", "atan", "log2", "log10"])
@settings(max_examples=30, deadline=None)
@given(st.data())
def test_unary_second_derivatives_match_pytorch(name, data):
    low, high = (0.2, 3.0) if name.startswith("log") else (-0.9, 0.9)
    x = data.draw(
        hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=3), elements=st.floats(low, high))
    )
    run_both(lambda lib, x: getattr(lib, name)(x), [x], rtol=1e-10, atol=1e-12, create_graph=True)


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.bool_])
def test_unary_functions_of_integers_and_bools_give_float32(name, dtype):
    values = np.array([0, 1, 2, 10], dtype=dtype)
    assert_same(
        getattr(autograd, name)(autograd.tensor(values)), getattr(torch, name)(torch.tensor(values)), 2e-7, 2e-7
    )


def test_erf_is_within_two_units_in_the_last_place_of_the_c_library():
    from autograd.primitives.special import erf_float64

    rng = np.random.default_rng(0)
    x = np.concatenate(
        [
            rng.uniform(-7, 7, 20000),
            rng.normal(0, 1e-3, 2000),
            np.linspace(-6.01, 6.01, 4809),
            [0.0, 1e-300, 5e-324, 6.0, 5.999999999, 1e300],
        ]
    )
    exact = np.array([math.erf(v) for v in x])
    assert np.all(np.abs(erf_float64(x) - exact) <= 2 * np.spacing(np.abs(exact)))
    assert np.array_equal(np.signbit(erf_float64(np.array([0.0, -0.0]))), [False, True])
    assert erf_float64(np.array(0.5)) == math.erf(0.5)  # 0-d
    assert autograd.erf(autograd.tensor([0.5], dtype=autograd.float16)).dtype == np.float16


@pytest.mark.parametrize("name", ["erf", "acos", "asin", "atan", "log2", "log10"])
def test_complex_inputs_are_refused_clearly(name):
    with pytest.raises(NotImplementedError, match=f"{name} is not implemented for complex tensors"):
        getattr(autograd, name)(autograd.tensor([1 + 1j]))
    with pytest.raises(NotImplementedError, match="atan2 is not implemented for complex tensors"):
        autograd.atan2(autograd.tensor([1 + 1j]), autograd.tensor([1.0]))


def test_log2_and_log10_are_exact_at_powers():
    for dtype in (np.float32, np.float64):
        powers = np.array([2.0**k for k in range(-60, 61)], dtype=dtype)
        assert np.array_equal(autograd.log2(autograd.tensor(powers)).numpy(), np.arange(-60, 61).astype(dtype))
        tens = np.array([10.0**k for k in range(-20, 21)], dtype=dtype)
        assert_same(autograd.log10(autograd.tensor(tens)), torch.log10(torch.tensor(tens)), 0, 0)


def test_atan2_gives_every_quadrant_and_signed_zeros_as_pytorch():
    y = np.array([1.0, 1.0, -1.0, -1.0, 0.0, -0.0, 0.0, -0.0, 0.0, 2.0, np.inf, np.inf, np.nan])
    x = np.array([1.0, -1.0, -1.0, 1.0, -1.0, -1.0, 0.0, 0.0, -0.0, 0.0, np.inf, -np.inf, 1.0])
    ours, theirs = autograd.atan2(autograd.tensor(y), autograd.tensor(x)), torch.atan2(torch.tensor(y), torch.tensor(x))
    assert_same(ours, theirs, 0, 0)
    assert np.array_equal(np.signbit(ours.numpy()), np.signbit(theirs.numpy()))


def test_atan2_gradient_at_the_origin_is_zero_as_pytorch():
    run_both(lambda lib, y, x: lib.atan2(y, x), [np.array([0.0, 0.0, 1.0, 3.0]), np.array([0.0, -0.0, 0.0, -4.0])])


@settings(max_examples=40, deadline=None)
@given(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=3, max_side=3), st.integers(0, 2**16))
def test_atan2_broadcasts_with_gradients_of_both_orders_as_pytorch(shapes, seed):
    rng = np.random.default_rng(seed)
    y, x = (rng.normal(size=shape) for shape in shapes.input_shapes)
    run_both(lambda lib, y, x: lib.atan2(y, x), [y, x], rtol=1e-10, create_graph=True)
    run_both(lambda lib, y, x: y.atan2(x) + y.arctan2(x), [y, x], rtol=1e-10)


@pytest.mark.parametrize(
    "first, second",
    [
        (np.int64, np.int64),
        (np.float32, np.float64),
        (np.int32, np.float32),
        (np.bool_, np.int64),
        (np.float64, np.float32),
    ],
)
def test_atan2_promotes_as_pytorch(first, second):
    a, b = np.array([1, 2], dtype=first), np.array([3, 1], dtype=second)
    assert_same(
        autograd.atan2(autograd.tensor(a), autograd.tensor(b)), torch.atan2(torch.tensor(a), torch.tensor(b)), 2e-7
    )
    zero_d = np.array(2.0)  # a 0-d float64 does not widen a float32 tensor
    assert autograd.atan2(autograd.tensor(a.astype(np.float32)), autograd.tensor(zero_d)).dtype == np.float32


def test_atan2_refuses_a_number_as_pytorch():
    with pytest.raises(TypeError, match="argument 'other' \\(position 2\\) must be Tensor, not float"):
        autograd.atan2(autograd.tensor([1.0]), 2.0)
    with pytest.raises(TypeError):
        torch.atan2(torch.tensor([1.0]), 2.0)


def test_pi_and_the_other_constants():
    assert autograd.pi == torch.pi == math.pi
    assert autograd.e == torch.e and autograd.inf == torch.inf and math.isnan(autograd.nan)
    assert math.isclose(autograd.acos(autograd.tensor(-1.0, dtype=autograd.float64)).item(), autograd.pi)


# ----- rounding -----
ROUNDING = ["floor", "ceil", "round", "trunc"]


@pytest.mark.parametrize("name", ROUNDING)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_rounding_matches_pytorch_with_zero_gradient(name, dtype):
    values = np.array(SPECIAL + [0.49999997, -0.5, 1.5, 2.5, 3.5, -3.5, 1e20, 4503599627370497.0], dtype=dtype)
    ours, theirs = pair(values)
    out_ours, out_theirs = getattr(ours, name)(), getattr(theirs, name)()
    assert_same(out_ours, out_theirs, 0, 0)
    assert np.array_equal(np.signbit(out_ours.detach().numpy()), np.signbit(out_theirs.detach().numpy()))
    assert type(out_ours.grad_fn).__name__ == name.capitalize()
    out_ours.sum().backward()
    out_theirs.sum().backward()
    assert_same(ours.grad, theirs.grad, 0, 0)


@pytest.mark.parametrize("decimals", [1, 2, 3, -1, -2])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_round_to_decimals_as_pytorch(decimals, dtype):
    values = np.array([1.25, 2.5, 0.125, -0.125, 1234.5678, -987.65, 15.0, 25.0, 0.0, np.nan, np.inf], dtype=dtype)
    ours = autograd.round(autograd.tensor(values), decimals=decimals)
    assert_same(ours, torch.round(torch.tensor(values), decimals=decimals), 0, 0)
    assert_same(autograd.tensor(values).round(decimals=decimals), torch.tensor(values).round(decimals=decimals), 0, 0)
    with pytest.raises(TypeError):
        autograd.tensor(values).round(decimals)  # keyword-only, as in PyTorch


@pytest.mark.parametrize("name", ROUNDING)
def test_rounding_integers_copies_them_and_refuses_bools_as_pytorch(name):
    values = np.array([3, -2, 7])
    ours = getattr(autograd, name)(autograd.tensor(values))
    assert_same(ours, getattr(torch, name)(torch.tensor(values)), 0, 0)
    with pytest.raises(NotImplementedError):
        getattr(torch, name)(torch.tensor([True]))
    with pytest.raises(NotImplementedError, match="bool"):
        getattr(autograd, name)(autograd.tensor([True]))


def test_round_integers_to_decimals_is_refused_as_pytorch():
    with pytest.raises(NotImplementedError):
        torch.round(torch.tensor([15]), decimals=-1)
    with pytest.raises(NotImplementedError, match="decimals"):
        autograd.round(autograd.tensor([15]), decimals=-1)
    with pytest.raises(TypeError):
        autograd.round(autograd.tensor([1.5]), decimals=1.5)


# ----- cumsum and cumprod -----
@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_scans_match_pytorch_bit_for_bit_in_float32(name, data):
    """PyTorch accumulates float32 in float64: so does glassgrad, so long sums agree exactly."""
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=40))
    scale = 1.0 if name == "cumsum" else 0.05
    array = 1.0 * (name == "cumprod") + scale * np.random.default_rng(data.draw(st.integers(0, 99))).normal(size=shape)
    dim = data.draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    array = array.astype(np.float32)
    assert_same(
        getattr(autograd, name)(autograd.tensor(array), dim), getattr(torch, name)(torch.tensor(array), dim), 0, 0
    )


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_scan_gradients_match_pytorch(name, data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    # no tiny magnitudes: PyTorch's second derivative of cumprod underflows to 0 there (1e-241² is 0), ours does not
    elements = st.sampled_from([0.0, 1.0, -2.0]) | st.floats(-2, 2).filter(lambda v: v == 0 or abs(v) > 1e-6)
    array = data.draw(hnp.arrays(np.float64, shape, elements=elements))
    dim = data.draw(st.integers(-max(len(shape), 1), max(len(shape), 1) - 1))
    run_both(lambda lib, x: getattr(lib, name)(x, dim), [array], rtol=1e-10, atol=1e-12, create_graph=True)


@pytest.mark.parametrize("zeros", [[2], [0], [5], [1, 3], [0, 5], [2, 3, 4]])
def test_cumprod_gradient_with_zeros_matches_pytorch(zeros):
    array = np.array([[1.5, -2.0, 0.5, 3.0, -1.0, 2.0], [0.7, 1.1, -0.3, 2.0, 1.5, -0.5]])
    array[0, zeros] = 0.0
    run_both(lambda lib, x: lib.cumprod(x, 1), [array], rtol=1e-12, create_graph=True)
    run_both(lambda lib, x: lib.cumprod(x, 0), [array.T.copy()], rtol=1e-12, create_graph=True)
    x = autograd.tensor(array, requires_grad=True)
    assert gradcheck(lambda x: x.cumprod(1), (x,)) and gradgradcheck(lambda x: x.cumprod(1), (x,))


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, np.bool_, np.float32, np.float64])
def test_scan_dtypes_as_pytorch(name, dtype):
    array = np.array([[1, 0, 1], [1, 1, 1]], dtype=dtype)
    assert_same(getattr(autograd, name)(autograd.tensor(array), 1), getattr(torch, name)(torch.tensor(array), 1), 0, 0)
    ours = getattr(autograd.tensor(array), name)(0, dtype=autograd.float64)
    assert_same(ours, getattr(torch.tensor(array), name)(0, dtype=torch.float64), 0, 0)


@pytest.mark.parametrize("name", ["cumsum", "cumprod"])
def test_scan_bad_dims_as_pytorch(name):
    x = autograd.tensor([[1.0, 2.0]])
    with pytest.raises(IndexError, match="Dimension out of range"):
        getattr(autograd, name)(x, 2)
    with pytest.raises(TypeError):
        getattr(autograd, name)(x)  # dim is required, as in PyTorch
    with pytest.raises(TypeError):
        getattr(autograd, name)(x, 0.5)
    assert_same(getattr(autograd, name)(autograd.tensor(3.0), -1), getattr(torch, name)(torch.tensor(3.0), -1))
    with pytest.raises(TypeError, match='missing 1 required positional arguments: "dim"'):
        getattr(x, name)()
    assert_same(getattr(autograd, name)(x, axis=1), getattr(torch, name)(torch.tensor([[1.0, 2.0]]), axis=1))
    assert_same(getattr(x, name)(axis=0), getattr(torch.tensor([[1.0, 2.0]]), name)(axis=0))


# ----- roll, tril, triu -----
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_roll_matches_pytorch(data):
    shape = data.draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    array = np.arange(float(np.prod(shape))).reshape(shape)
    if shape and data.draw(st.booleans()):
        dims = data.draw(st.lists(st.integers(-len(shape), len(shape) - 1), min_size=1, max_size=3))
        shifts = [data.draw(st.integers(-7, 7)) for _ in dims]
        if len(dims) == 1 and data.draw(st.booleans()):
            dims, shifts = dims[0], shifts[0]
    else:
        dims, shifts = None, data.draw(st.integers(-7, 7))
    run_both(lambda lib, x: lib.roll(x, shifts, dims), [array])
    run_both(lambda lib, x: x.roll(shifts, dims), [array])


def test_roll_errors_as_pytorch():
    x = np.arange(6.0).reshape(2, 3)
    for shifts, dims in [((1, 2), 0), ((1, 2), None), (1, (0, 1)), ((), ())]:
        with pytest.raises(RuntimeError) as theirs:
            torch.roll(torch.tensor(x), shifts, dims)
        with pytest.raises(RuntimeError, match=str(theirs.value).split(".")[0].replace("`", ".")):
            autograd.roll(autograd.tensor(x), shifts, dims)
    with pytest.raises(IndexError, match="Dimension out of range"):
        autograd.roll(autograd.tensor(x), 1, 2)
    with pytest.raises(IndexError, match="no dimensions"):
        autograd.roll(autograd.tensor(3.0), 1, 0)
    with pytest.raises(TypeError):
        autograd.roll(autograd.tensor(x), 1.5)
    out = autograd.roll(autograd.tensor(x), 3, 1)  # a full turn: a copy, not the input itself
    assert np.array_equal(out.numpy(), x) and not np.shares_memory(out.numpy(), x)


@pytest.mark.parametrize("name", ["tril", "triu"])
@settings(max_examples=40, deadline=None)
@given(st.data())
def test_triangles_match_pytorch_with_gradients(name, data):
    shape = data.draw(hnp.array_shapes(min_dims=2, max_dims=4, min_side=0, max_side=4))
    array = np.random.default_rng(data.draw(st.integers(0, 99))).normal(size=shape)
    diagonal = data.draw(st.integers(-5, 5))
    run_both(lambda lib, x: getattr(lib, name)(x, diagonal), [array])
    run_both(lambda lib, x: getattr(x, name)(diagonal=diagonal), [array])


@pytest.mark.parametrize("name", ["tril", "triu"])
def test_triangles_of_other_dtypes_and_errors_as_pytorch(name):
    for dtype in (np.bool_, np.int64, np.float32):
        array = np.ones((3, 4), dtype=dtype)
        assert_same(
            getattr(autograd, name)(autograd.tensor(array), 1), getattr(torch, name)(torch.tensor(array), 1), 0, 0
        )
    with pytest.raises(RuntimeError, match=f"{name}: input tensor must have at least 2 dimensions"):
        getattr(autograd, name)(autograd.tensor([1.0, 2.0]))
    with pytest.raises(TypeError):
        getattr(autograd, name)(autograd.ones(2, 2), 0.5)


# ----- topk -----
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_topk_matches_pytorch_on_distinct_values(data):
    shape = data.draw(hnp.array_shapes(min_dims=1, max_dims=3, max_side=5))
    array = np.random.default_rng(data.draw(st.integers(0, 99))).permutation(int(np.prod(shape))).reshape(shape) * 0.5
    dim = data.draw(st.integers(-len(shape), len(shape) - 1))
    k = data.draw(st.integers(0, shape[dim]))
    largest = data.draw(st.booleans())
    ours, theirs = pair(array)
    result_ours, result_theirs = ours.topk(k, dim, largest), theirs.topk(k, dim, largest)
    assert_same(result_ours.indices, result_theirs.indices, 0, 0)
    run_both(lambda lib, x: lib.topk(x, k, dim=dim, largest=largest).values, [array])
    run_both(lambda lib, x: lib.topk(x, k, dim=dim, largest=largest, sorted=True)[0], [array])


def test_topk_ties_nan_and_integers():
    """Ties: the same values as PyTorch (which of several equal elements PyTorch picks is not promised)."""
    array = np.array([2.0, 2.0, 2.0, 1.0, 3.0])
    values, indices = autograd.topk(autograd.tensor(array), 3)
    assert values.tolist() == torch.topk(torch.tensor(array), 3).values.tolist()
    assert np.array_equal(array[indices.numpy()], values.numpy())
    for largest in (True, False):
        with_nan = np.array([1.0, np.nan, 2.0, -1.0])
        assert_same(
            autograd.topk(autograd.tensor(with_nan), 2, largest=largest).values,
            torch.topk(torch.tensor(with_nan), 2, largest=largest).values,
        )
        assert_same(
            autograd.topk(autograd.tensor(with_nan), 2, largest=largest).indices,
            torch.topk(torch.tensor(with_nan), 2, largest=largest).indices,
        )
    assert_same(autograd.topk(autograd.tensor([1, 3, 2]), 2).values, torch.topk(torch.tensor([1, 3, 2]), 2).values)
    result = autograd.topk(autograd.tensor(3.0), 1)
    assert result.values.item() == 3.0 and result.indices.item() == 0 and result.indices.shape == ()
    assert type(result).__name__ == "topk" and result._fields == ("values", "indices")


def test_topk_gradient_goes_to_the_chosen_places():
    x = autograd.tensor([[1.0, 5.0, 3.0, 4.0]], requires_grad=True)
    values, _ = x.topk(2)
    (values * autograd.tensor([[10.0, 1.0]])).sum().backward()
    assert x.grad.tolist() == [[0.0, 10.0, 0.0, 1.0]]


def test_topk_errors_as_pytorch():
    x = autograd.tensor([1.0, 3.0, 2.0])
    for k in (4, -1):
        with pytest.raises(RuntimeError, match="selected index k out of range"):
            autograd.topk(x, k)
    with pytest.raises(RuntimeError, match="selected index k out of range"):
        autograd.topk(autograd.tensor(3.0), 2)
    with pytest.raises(RuntimeError, match="topk does not support bool"):
        autograd.topk(autograd.tensor([True, False]), 1)
    with pytest.raises(IndexError, match="Dimension out of range"):
        autograd.topk(x, 1, dim=1)
    with pytest.raises(TypeError):
        autograd.topk(x, 1.0)
    assert_same(autograd.topk(x, 2, axis=0).values, torch.topk(torch.tensor([1.0, 3.0, 2.0]), 2, axis=0).values)


# ----- multinomial -----
def test_multinomial_shapes_dtype_and_rows():
    probs = autograd.tensor([[0.1, 0.0, 0.9], [1.0, 1.0, 1.0]])
    draws = autograd.multinomial(probs, 5, replacement=True)
    assert draws.shape == (2, 5) and draws.dtype == np.int64
    assert autograd.multinomial(autograd.tensor([1.0, 2.0, 3.0]), 2).shape == (2,)
    assert probs.multinomial(2).shape == (2, 2)
    assert autograd.multinomial(autograd.ones(0, 3), 1).shape == (0, 1)
    assert 1 not in draws[0].tolist()  # weight 0 is never drawn with replacement


def test_multinomial_without_replacement_draws_distinct_categories_and_weight_zero_last():
    rng = np.random.default_rng(3)
    for _ in range(20):
        draws = autograd.multinomial(autograd.tensor(rng.random((4, 6))), 6, generator=rng).numpy()
        assert all(sorted(row) == list(range(6)) for row in draws)
    # fewer positive weights than samples: the categories of weight 0 come after, in order, as in PyTorch
    assert autograd.multinomial(autograd.tensor([1.0, 0.0, 0.0]), 2).tolist() == [0, 1]
    assert torch.multinomial(torch.tensor([1.0, 0.0, 0.0]), 2).tolist() == [0, 1]


@pytest.mark.parametrize("replacement", [True, False])
def test_multinomial_frequencies_follow_the_weights(replacement):
    """First draws over many rows: each category's frequency within 5 standard errors of w / Σw."""
    weights = np.array([1.0, 2.0, 3.0, 4.0, 0.0])
    rows = 20000
    draws = autograd.multinomial(
        autograd.tensor(np.tile(weights, (rows, 1))), 2, replacement, generator=np.random.default_rng(0)
    ).numpy()
    p = weights / weights.sum()
    frequencies = np.bincount(draws[:, 0], minlength=5) / rows
    assert np.all(np.abs(frequencies - p) <= 5 * np.sqrt(p * (1 - p) / rows))
    if not replacement:  # the second draw, given the first: P(j second) = Σ_i p_i p_j / (1 − p_i)
        second = np.bincount(draws[:, 1], minlength=5) / rows
        expected = np.array([sum(p[i] * p[j] / (1 - p[i]) for i in range(5) if i != j) for j in range(5)])
        assert np.all(np.abs(second - expected) <= 5 * np.sqrt(expected * (1 - expected) / rows))
    else:
        assert np.all(np.abs(np.bincount(draws[:, 1], minlength=5) / rows - p) <= 5 * np.sqrt(p * (1 - p) / rows))


def test_multinomial_from_a_generator_is_reproducible():
    probs = autograd.softmax(autograd.tensor(np.linspace(-1, 1, 10)), 0)
    first = autograd.multinomial(probs, 4, generator=np.random.default_rng(7))
    assert autograd.multinomial(probs, 4, generator=np.random.default_rng(7)).tolist() == first.tolist()
    autograd.manual_seed(11)
    again = autograd.multinomial(probs, 3, replacement=True).tolist()
    autograd.manual_seed(11)
    assert autograd.multinomial(probs, 3, replacement=True).tolist() == again
    with pytest.raises(TypeError, match="numpy.random.Generator"):
        autograd.multinomial(probs, 1, generator=7)


@pytest.mark.parametrize(
    "weights, num_samples, replacement, error",
    [
        ([1.0, 0.0, 0.0], 4, False, "cannot sample n_sample > prob_dist.size\\(-1\\) samples without replacement"),
        ([1.0, -1.0, 0.0], 1, False, "probability tensor contains either `inf`, `nan` or element < 0"),
        ([1.0, float("nan")], 1, True, "probability tensor contains either `inf`, `nan` or element < 0"),
        ([1.0, float("inf")], 1, False, "probability tensor contains either `inf`, `nan` or element < 0"),
        ([0.0, 0.0, 0.0], 1, True, "invalid multinomial distribution \\(sum of probabilities <= 0\\)"),
        ([1, 2], 1, False, "multinomial only supports floating-point dtypes for input"),
        (1.0, 1, False, "prob_dist must be 1 or 2 dim"),
        (np.ones((2, 2, 2)), 1, False, "prob_dist must be 1 or 2 dim"),
        ([1.0, 1.0], 0, True, "cannot sample n_sample <= 0 samples"),
        ([1.0, 1.0], -1, False, "cannot sample n_sample <= 0 samples"),
        (np.ones((2, 0)), 1, False, "cannot sample n_sample > prob_dist.size\\(-1\\) samples without replacement"),
    ],
)
def test_multinomial_errors_as_pytorch(weights, num_samples, replacement, error):
    with pytest.raises(RuntimeError, match=error.split(" for input")[0]):
        torch.multinomial(torch.tensor(weights), num_samples, replacement)
    with pytest.raises(RuntimeError, match=error):
        autograd.multinomial(autograd.tensor(weights), num_samples, replacement)


def test_multinomial_refuses_a_float_count_and_ignores_requires_grad():
    with pytest.raises(TypeError):
        autograd.multinomial(autograd.ones(2), 1.5)
    assert autograd.multinomial(autograd.ones(3, requires_grad=True), 1).dtype == np.int64


# ----- einsum -----
EQUATIONS = [
    ("ij,jk->ik", [(2, 3), (3, 4)]),
    ("bij,bjk->bik", [(2, 2, 3), (2, 3, 4)]),
    ("bhqd,bhkd->bhqk", [(2, 3, 4, 5), (2, 3, 6, 5)]),
    ("i,i->", [(3,), (3,)]),
    ("ii->i", [(3, 3)]),
    ("ij->ji", [(2, 3)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (5, 1, 4, 2)]),
    ("ij,jk", [(2, 3), (3, 4)]),
    ("ii", [(3, 3)]),
    ("ii->", [(3, 3)]),
    ("ij,jk->ik", [(2, 1), (4, 5)]),
    ("i,j->ij", [(2,), (3,)]),
    ("...ij->...", [(2, 3, 4)]),
    ("...ij->ij", [(2, 3, 4)]),
    ("bij,bjk->bik", [(2, 3, 4), (1, 4, 2)]),
    ("iij->ji", [(3, 3, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]),
    ("Ba", [(2, 3)]),
    ("ba", [(2, 3)]),
    ("i...->...", [(2, 3, 4)]),
    ("ab,ab->", [(2, 3), (2, 3)]),
    (",->", [(), ()]),
    ("i,->i", [(3,), ()]),
    ("bn,anm,bm->ba", [(2, 3), (4, 3, 5), (2, 5)]),
    ("i j , j k -> i k", [(2, 3), (3, 4)]),
    ("ij->", [(2, 3)]),
    ("ij->j", [(2, 3)]),
    ("i...j,j...->...i", [(2, 3, 4), (4, 3)]),
    ("ijk->kji", [(2, 3, 4)]),
    ("...,...->...", [(2, 1), (3,)]),
    ("bij,bjk->b", [(2, 3, 4), (2, 4, 5)]),
    ("iji->j", [(2, 3, 2)]),
    ("...ij,jk->...ik", [(2, 3, 4), (4, 5)]),
    ("ij,...j->...i", [(3, 4), (2, 5, 4)]),
    ("i,i,i->", [(3,), (3,), (3,)]),
    ("ij,jk->ik", [(0, 3), (3, 2)]),
    ("ij,jk->ik", [(2, 0), (0, 3)]),
    ("ij,kj->", [(2, 3), (4, 3)]),
]


@pytest.mark.parametrize("equation, shapes", EQUATIONS, ids=[e for e, _ in EQUATIONS])
def test_einsum_matches_pytorch_with_gradients(equation, shapes):
    rng = np.random.default_rng(len(equation))
    arrays = [rng.normal(size=shape) for shape in shapes]
    run_both(lambda lib, *xs: lib.einsum(equation, *xs), arrays, rtol=1e-10, atol=1e-12, create_graph=True)
    run_both(lambda lib, *xs: lib.einsum(equation, list(xs)), arrays, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_einsum_batched_products_of_drawn_sizes(data):
    b, i, j, k = (data.draw(st.integers(1, 4)) for _ in range(4))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    x, y = rng.normal(size=(b, i, j)), rng.normal(size=(b, j, k))
    run_both(lambda lib, x, y: lib.einsum("bij,bjk->bik", x, y), [x, y], rtol=1e-10, atol=1e-12)
    z = rng.normal(size=(b, k, j))
    run_both(lambda lib, x, z: lib.einsum("bij,bkj->bki", x, z), [x, z], rtol=1e-10, atol=1e-12)


def test_einsum_of_integers_as_pytorch():
    a, b = np.arange(6).reshape(2, 3), np.arange(12).reshape(3, 4)
    assert_same(
        autograd.einsum("ij,jk->ik", autograd.tensor(a), autograd.tensor(b)),
        torch.einsum("ij,jk->ik", torch.tensor(a), torch.tensor(b)),
        0,
        0,
    )


@pytest.mark.parametrize(
    "equation, shapes",
    [
        ("ii->i", [(2, 3)]),
        ("ij,jk->ik", [(2, 3), (4, 5)]),
        ("ij->ijk", [(2, 3)]),
        ("ij->ii", [(2, 2)]),
        ("ij", [(2, 3, 4)]),
        ("ij,jk", [(2, 3)]),
        ("ij", [(2, 3), (2,)]),
        ("i1", [(2, 3)]),
        ("ij->j->k", [(2, 3)]),
        ("i...j...", [(2, 3)]),
        ("ijk...", [(2, 3)]),
    ],
)
def test_einsum_errors_as_pytorch(equation, shapes):
    with pytest.raises(RuntimeError) as theirs:
        torch.einsum(equation, *[torch.ones(shape) for shape in shapes])
    message = str(theirs.value).split(",")[0].split(" (")[0]
    with pytest.raises(RuntimeError, match=message.replace("(", "\\(").replace(")", "\\)")):
        autograd.einsum(equation, *[autograd.ones(shape) for shape in shapes])


def test_einsum_refuses_mixed_dtypes_and_the_sublist_form():
    with pytest.raises(RuntimeError, match="same dtype"):
        autograd.einsum("ij,jk->ik", autograd.ones(2, 3), autograd.ones(3, 2, dtype=autograd.float64))
    with pytest.raises(TypeError, match="sublist format"):
        autograd.einsum(autograd.ones(2, 3), [0, 1])


# ----- linalg: det, eig, eigh -----
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_det_matches_pytorch(dtype):
    rng = np.random.default_rng(0)
    for shape in [(3, 3), (2, 4, 4), (1, 1), (0, 0), (2, 0, 0)]:
        array = rng.normal(size=shape).astype(dtype)
        tolerance = 1e-5 if dtype == np.float32 else 1e-12
        assert_same(
            autograd.linalg.det(autograd.tensor(array)), torch.linalg.det(torch.tensor(array)), tolerance, tolerance
        )
        assert_same(autograd.det(autograd.tensor(array)), torch.det(torch.tensor(array)), tolerance, tolerance)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_eig_matches_pytorch(dtype):
    rng = np.random.default_rng(1)
    for shape in [(3, 3), (2, 4, 4), (1, 1)]:
        array = rng.normal(size=shape).astype(dtype)
        values, vectors = autograd.linalg.eig(autograd.tensor(array))
        expected = torch.linalg.eig(torch.tensor(array))
        assert values.dtype == vectors.dtype == np.dtype(str(expected.eigenvalues.dtype).replace("torch.", ""))
        key = lambda v: np.sort_complex(np.round(v, 4))  # noqa: E731  (the same set of eigenvalues)
        np.testing.assert_allclose(key(values.numpy()), key(expected.eigenvalues.numpy()), rtol=1e-4, atol=1e-4)
        v, lam = vectors.numpy().astype(np.complex128), values.numpy().astype(np.complex128)
        np.testing.assert_allclose(array @ v, v * lam[..., None, :], atol=1e-4)  # A v = λ v
        np.testing.assert_allclose(np.linalg.norm(v, axis=-2), 1, rtol=1e-5)  # unit eigenvectors, as LAPACK's
        np.testing.assert_allclose(autograd.linalg.eigvals(autograd.tensor(array)).numpy(), values.numpy())


@pytest.mark.parametrize("UPLO", ["L", "U"])
def test_eigh_matches_pytorch(UPLO):
    rng = np.random.default_rng(2)
    array = rng.normal(size=(2, 4, 4))  # not symmetric: only the UPLO triangle is read, as in PyTorch
    values, vectors = autograd.linalg.eigh(autograd.tensor(array), UPLO=UPLO)
    expected = torch.linalg.eigh(torch.tensor(array), UPLO=UPLO)
    assert_same(values, expected.eigenvalues, 1e-12, 1e-12)
    assert_same(autograd.linalg.eigvalsh(autograd.tensor(array), UPLO), expected.eigenvalues, 1e-12, 1e-12)
    v = vectors.numpy()
    assert np.allclose(np.abs(np.sum(v * expected.eigenvectors.numpy(), axis=-2)), 1)  # the same vectors up to sign
    assert type(autograd.linalg.eigh(autograd.tensor(array))).__name__ == "linalg_eigh"


@pytest.mark.parametrize("name", ["det", "eig", "eigvals", "eigh", "eigvalsh"])
def test_linalg_errors_as_pytorch(name):
    ours, theirs = getattr(autograd.linalg, name), getattr(torch.linalg, name)
    for bad in (np.ones((2, 3)), np.ones(2), np.array([[1, 2], [3, 4]])):
        with pytest.raises(RuntimeError):
            theirs(torch.tensor(bad))
        with pytest.raises(RuntimeError, match=f"linalg.{name}"):
            ours(autograd.tensor(bad))
    with pytest.raises(RuntimeError, match="infs or NaNs"):
        ours(autograd.tensor([[1.0, np.nan], [0.0, 1.0]]))
    with pytest.raises(RuntimeError, match="float16"):
        ours(autograd.eye(2, dtype=autograd.float16))


@pytest.mark.parametrize("name", ["eig", "eigvals"])
def test_eig_says_clearly_that_it_has_no_gradient(name):
    ours = getattr(autograd.linalg, name)
    with pytest.raises(RuntimeError, match="no gradient.*complex"):
        ours(autograd.eye(2, requires_grad=True))
    with autograd.no_grad():
        ours(autograd.eye(2, requires_grad=True))
    ours(autograd.eye(2, requires_grad=True).detach())


@pytest.mark.parametrize("shape", [(3, 3), (2, 4, 4), (1, 1)])
def test_det_and_symmetric_eigenvalue_gradients_match_pytorch(shape):
    array = np.random.default_rng(len(shape)).normal(size=shape)
    run_both(lambda lib, a: lib.linalg.det(a), [array], rtol=1e-10, atol=1e-12)
    run_both(lambda lib, a: lib.linalg.eigvalsh(a), [array], rtol=1e-10, atol=1e-12)  # the lower triangle, read
    run_both(lambda lib, a: lib.linalg.eigvalsh(a, UPLO="U"), [array], rtol=1e-10, atol=1e-12)
    run_both(lambda lib, a: lib.linalg.eigh(a).eigenvalues, [array], rtol=1e-10, atol=1e-12)


def test_det_gradient_of_a_singular_matrix_is_its_adjugate():
    """A deliberate difference: PyTorch gives 0 here; the derivative of det at a rank n − 1 matrix is not 0."""
    singular = autograd.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=autograd.float64, requires_grad=True)
    autograd.linalg.det(singular).backward()
    assert np.allclose(singular.grad.numpy(), [[4.0, -2.0], [-2.0, 1.0]])
    assert gradcheck(
        autograd.linalg.det, (autograd.tensor([[1.0, 2.0], [2.0, 4.0]], dtype=autograd.float64, requires_grad=True),)
    )
    zero = autograd.zeros(3, 3, dtype=autograd.float64, requires_grad=True)
    autograd.linalg.det(zero).backward()
    assert np.array_equal(zero.grad.numpy(), np.zeros((3, 3)))  # rank n − 2: the adjugate is 0


def test_eigh_refuses_a_bad_uplo_as_pytorch():
    with pytest.raises(RuntimeError, match="Expected UPLO argument to be 'L' or 'U', but got X"):
        autograd.linalg.eigh(autograd.eye(2), UPLO="X")


# ----- the Tensor methods of the block added for issue 22 -----
def test_tensor_methods_are_the_functions():
    x = np.array([[0.3, -0.6], [0.9, 0.1]])
    ours, theirs = pair(x)
    for name in [
        "erf",
        "acos",
        "asin",
        "atan",
        "arccos",
        "arcsin",
        "arctan",
        "log2",
        "log10",
        "floor",
        "ceil",
        "round",
        "trunc",
        "tril",
        "triu",
    ]:
        assert_same(getattr(ours.abs(), name)(), getattr(theirs.abs(), name)(), 1e-12, 1e-12)
    assert_same(ours.cumsum(1), theirs.cumsum(1))
    assert_same(ours.cumprod(0), theirs.cumprod(0))
    assert_same(ours.roll(1, 0), theirs.roll(1, 0))
    assert_same(ours.topk(1).values, theirs.topk(1).values)
    assert_same(ours.detach().det(), theirs.detach().det())


def test_real_and_imaginary_parts_as_pytorch():
    values = np.array([1 + 2j, -3.5 - 0.5j], dtype=np.complex64)
    ours, theirs = autograd.tensor(values), torch.tensor(values)
    assert_same(ours.real, theirs.real, 0, 0)
    assert_same(ours.imag, theirs.imag, 0, 0)
    assert_same(autograd.real(ours), torch.real(theirs), 0, 0)
    x = autograd.tensor([1.0, 2.0])
    assert x.real is x and autograd.real(x) is x
    with pytest.raises(RuntimeError):
        _ = torch.tensor([1.0]).imag
    with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex dtypes"):
        _ = x.imag
