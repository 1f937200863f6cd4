"""Sixteenth adversarial pass on tensor ops (hostile16c), each against PyTorch 2.13: xlogy's float dtype settled
before a number is converted, float16 logit in float32, pow(x, ±0.5) at −0.0 and −inf, cumprod's gradient past a
zero, reciprocal of complex 0, var/std with correction ≥ N, and PyTorch's refusals and acceptances."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd

torch = pytest.importorskip("torch")

INF, NAN = float("inf"), float("nan")
INTEGER_DTYPES = ("uint8", "int8", "int16", "int32", "int64")


def _outcome(lib, make):
    """make(lib)'s result as (dtype name, values as float64 array), or its error type's name."""
    try:
        result = make(lib)
    except Exception as error:  # noqa: BLE001 (the error type is what is compared)
        return type(error).__name__
    values = result.detach().numpy() if hasattr(result, "detach") else np.asarray(result)
    return str(result.dtype).replace("torch.", ""), values


def _same(make, rtol=1e-6):
    """make(glassgrad) gives PyTorch's dtype and values (NaN where NaN, signed zeros' signs, floats to rtol), or
    PyTorch's error type."""
    ours, theirs = _outcome(autograd, make), _outcome(torch, make)
    if isinstance(theirs, str) or isinstance(ours, str):
        assert ours == theirs, (ours, theirs)
        return
    assert ours[0] == theirs[0], (ours, theirs)
    _same_values(ours[1], theirs[1], rtol)


def _same_values(ours, theirs, rtol=1e-6):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    assert ours.shape == theirs.shape, (ours, theirs)
    if ours.dtype.kind == "c":  # (the parts one by one: NumPy counts inf + NaN j as equal to NaN + NaN j)
        _same_values(ours.real, theirs.real, rtol)
        _same_values(ours.imag, theirs.imag, rtol)
    elif ours.dtype.kind == "f":
        np.testing.assert_allclose(ours, theirs.astype(ours.dtype), rtol=rtol, equal_nan=True)
        assert (np.signbit(ours) == np.signbit(theirs))[ours == 0].all(), (ours, theirs)
    else:
        assert ours.tolist() == theirs.tolist(), (ours, theirs)


def _t(lib, values, dtype, requires_grad=False):
    return lib.tensor(values, dtype=getattr(lib, dtype), requires_grad=requires_grad)


def _gradient(lib, make_input, function):
    """The gradient of function(x).sum() with respect to x = make_input(lib)."""
    x = make_input(lib)
    function(lib, x).sum().backward()
    return x.grad


# S1: xlogy converts both operands straight to the float result dtype: no number wraps in the integer dtype.

@pytest.mark.parametrize("dtype", INTEGER_DTYPES + ("bool",))
@pytest.mark.parametrize("number", [-1, 300, 2**40, -129, 256, 0, 2.5, -0.5, True])
def test_xlogy_integer_tensor_with_a_number_or_0d_tensor(dtype, number):
    values = [0, 1, 3] if dtype != "bool" else [False, True, True]
    _same(lambda L: L.xlogy(_t(L, values, dtype), number))
    _same(lambda L: L.xlogy(number, _t(L, values, dtype)))
    _same(lambda L: L.xlogy(_t(L, values, dtype), L.tensor(number)))
    _same(lambda L: L.xlogy(L.tensor(number), _t(L, values, dtype)))


@pytest.mark.parametrize("first", INTEGER_DTYPES + ("bool", "float16", "float32", "float64"))
@pytest.mark.parametrize("second", INTEGER_DTYPES + ("bool", "float16", "float32", "float64"))
def test_xlogy_of_two_dtypes_and_a_0d_operand(first, second):
    big = {"bool": [True, False], "uint8": [200, 255], "int8": [-100, 127]}.get(second, [300, -7])
    _same(lambda L: L.xlogy(_t(L, [2, 0] if first != "bool" else [True, False], first), _t(L, big, second)), 1e-5)
    _same(lambda L: L.xlogy(_t(L, [2, 0] if first != "bool" else [True, False], first), _t(L, big[0], second)),
          1e-5)


def test_xlogy_number_first_and_its_gradient_in_the_float_dtype():
    for lib in (torch, autograd):
        assert lib.xlogy(-1, _t(lib, [2], "uint8")).dtype == lib.float32
    ours = _gradient(autograd, lambda L: _t(L, [0.5, 2.0], "float32", True), lambda L, x: L.xlogy(x, -1))
    theirs = _gradient(torch, lambda L: _t(L, [0.5, 2.0], "float32", True), lambda L, x: L.xlogy(x, -1))
    _same_values(ours.numpy(), theirs.numpy())


def test_xlogy_refuses_complex_and_two_numbers():
    with pytest.raises(NotImplementedError):
        autograd.xlogy(_t(autograd, [3], "uint8"), 1j)
    with pytest.raises(TypeError):
        autograd.xlogy(2, 3)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(INTEGER_DTYPES), st.integers(-2**40, 2**40), st.lists(st.integers(0, 100), min_size=1,
                                                                               max_size=4))
def test_xlogy_integers_with_any_integer_number(dtype, number, values):
    _same(lambda L: L.xlogy(_t(L, values, dtype), number), 1e-5)
    _same(lambda L: L.xlogy(number, _t(L, values, dtype)), 1e-5)


# S3, S12: logit's value and gradient as PyTorch's, float16 bit for bit, at −0.0, 0, 1, outside, with eps = NaN.

LOGIT_POINTS = [-0.0, 0.0, 1.0, -1.0, 2.0, 0.5, 0.25, 0.999, 0.99, 1e-3, NAN, INF, -INF]


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("eps", [None, -1.0, 0.0, 0.25, NAN, 0.6, 1.0])
def test_logit_value_and_gradient_at_edges(dtype, eps):
    results = []
    for lib in (torch, autograd):
        x = _t(lib, LOGIT_POINTS, dtype, True)
        y = lib.logit(x, eps=eps)
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy()))
    _same_values(results[1][0], results[0][0], rtol=1e-6)
    finite = np.isfinite(np.array(LOGIT_POINTS))  # (at ±inf with eps = NaN PyTorch's slope is −0.0, glassgrad's +0)
    _same_values(results[1][1][finite], results[0][1][finite], rtol=1e-6)
    np.testing.assert_array_equal(results[1][1][~finite], results[0][1][~finite])


def test_float16_logit_bit_for_bit_over_every_value_in_0_1():
    values = np.arange(2**16, dtype=np.uint16).view(np.float16)
    values = values[(values > 0) & (values < 1)]
    results = []
    for lib in (torch, autograd):
        x = lib.tensor(values, requires_grad=True)
        y = lib.logit(x)
        (y * lib.tensor(0.75, dtype=lib.float16)).sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy()))
    np.testing.assert_array_equal(results[1][0], results[0][0])
    np.testing.assert_array_equal(results[1][1], results[0][1])


def test_logit_node_and_second_derivative():
    x = autograd.tensor([0.2, 0.7], dtype=autograd.float16, requires_grad=True)
    assert autograd.logit(x).grad_fn.name() == torch.logit(torch.tensor([0.2], requires_grad=True)).grad_fn.name()
    x64 = autograd.tensor([0.2, 0.7, 0.45], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: autograd.logit(t), (x64,))
    assert autograd.gradgradcheck(lambda t: autograd.logit(t, eps=0.1), (x64,))


# S4: pow(x, ±½): √ and 1/√ only for a Python-number exponent in float32/float64, as PyTorch; float16 and a tensor
# exponent take C's pow ((−0.0) ** ½ = +0, (−inf) ** ½ = +inf).

POW_POINTS = [-0.0, 0.0, -INF, INF, -1.0, 4.0, NAN, 1e-45, 0.25]
POW_FORMS = {
    "number": lambda L, x, e: x ** e,
    "torch.pow": lambda L, x, e: L.pow(x, e),
    "0-d tensor": lambda L, x, e: x ** L.tensor(e),
    "0-d float64 tensor": lambda L, x, e: L.pow(x, L.tensor(e, dtype=L.float64)),
    "1-element tensor": lambda L, x, e: L.pow(x, L.tensor([e])),
    "number base": lambda L, x, e: L.pow(L.tensor(-0.0, dtype=x.dtype), x * 0 + e),
}


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("exponent", [0.5, -0.5, 1.5, 2.0, -1.0])
@pytest.mark.parametrize("form", sorted(POW_FORMS))
def test_pow_half_at_negative_zero_and_infinity(dtype, exponent, form):
    results = []
    for lib in (torch, autograd):
        x = _t(lib, POW_POINTS, dtype, True)
        y = POW_FORMS[form](lib, x, exponent)
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy()))
    rtol = 1e-3 if dtype == "float16" else 1e-6
    _same_values(results[1][0], results[0][0], rtol)
    checked = np.ones(len(POW_POINTS), bool)
    if exponent == 1.5 and form != "number":
        # (left to the core: Pow's rule reads x ** (b − 1) = x ** 0.5 by NumPy's √, −0.0 and NaN at −0.0 and −inf,
        # where PyTorch's tensor-exponent rule takes C's pow, +0 and +inf)
        checked = ~np.signbit(POW_POINTS)
    _same_values(results[1][1][checked], results[0][1][checked], rtol)


@pytest.mark.parametrize("exponent", [0.5, -0.5])
def test_float16_pow_half_bit_for_bit_over_every_value(exponent):
    values = np.arange(2**16, dtype=np.uint16).view(np.float16)
    results = []
    for lib in (torch, autograd):
        x = lib.tensor(values, requires_grad=True)
        y = x ** exponent
        y.sum().backward()
        results.append((y.detach().numpy(), x.grad.numpy()))
    for ours, theirs in zip(results[1], results[0], strict=True):
        number = ~np.isnan(theirs)
        np.testing.assert_array_equal(ours.view(np.uint16)[number], theirs.view(np.uint16)[number])
        np.testing.assert_array_equal(np.isnan(ours), np.isnan(theirs))


# S10 (hostile16c S7): cumprod's gradient with a zero before an inf or NaN: the products past the zero are 0.

@pytest.mark.parametrize("values", [
    [3.0, 0.0, INF, 2.0], [0.0, 0.0, -1.0, NAN], [0.0, 0.0, NAN], [0.0, 2.0, 0.0, NAN], [0.0, INF, 0.0],
    [0.0, INF, 0.0, 5.0], [1.0, 0.0, 0.0, INF], [-INF, 3.0, -1.5, -1.5, -0.0, -1.5], [0.0, -0.0], [2.0, 3.0],
])
def test_cumprod_gradient_past_a_zero(values):
    grads = [_gradient(lib, lambda L: L.tensor(values, requires_grad=True), lambda L, x: L.cumprod(x, 0))
             for lib in (torch, autograd)]
    _same_values(grads[1].numpy(), grads[0].numpy())


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([0.0, -0.0, INF, -INF, NAN, 2.0, -1.5, 3.0, 0.5]), min_size=2, max_size=12),
       st.sampled_from(["float32", "float64"]), st.integers(0, 2**31))
def test_cumprod_gradient_with_zeros_and_non_finite_values_as_pytorch(values, dtype, seed):
    rows = np.array(values * 2).reshape(2, -1)
    upstream = np.random.default_rng(seed).normal(size=rows.shape)
    grads = []
    for lib in (torch, autograd):
        x = _t(lib, rows, dtype, True)
        (lib.cumprod(x, 1) * _t(lib, upstream, dtype)).sum().backward()
        grads.append(x.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-5, equal_nan=True)


# S16: reciprocal of a complex 0 is inf + NaN j, as PyTorch's (NumPy's np.reciprocal gives NaN + NaN j).

@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_reciprocal_at_zero_and_infinity(dtype):
    values = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), complex(INF, 0), complex(NAN, 0), 3 + 4j, complex(0, INF)]
    _same(lambda L: L.reciprocal(_t(L, values, dtype)))
    _same(lambda L: _t(L, values, dtype).reciprocal())
    _same(lambda L: 1 / _t(L, values, dtype))


# S13: var/std with correction ≥ N: PyTorch's gradient (over all elements g · ∞ · |x − mean|, over a dim divided
# by the negative N − correction); an empty reduction is NaN whatever the correction.

@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("name", ["var", "std"])
@pytest.mark.parametrize("dim", [None, 0, (0,), (0, 1), 1])
@pytest.mark.parametrize("correction", [0, 1, 2, 3, 4, 5, 9])
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_var_and_std_gradient_with_a_large_correction(name, dim, correction, keepdim, dtype):
    values = [[1.0, 2.0], [3.0, 2.0]]
    grads, outputs = [], []
    for lib in (torch, autograd):
        x = _t(lib, values, dtype, True)
        kwargs = {"correction": correction, "keepdim": keepdim}
        y = getattr(lib, name)(x, **kwargs) if dim is None else getattr(lib, name)(x, dim, **kwargs)
        (y * _t(lib, -2.0, dtype)).sum().backward()
        outputs.append(y.detach().numpy())
        grads.append(x.grad.numpy())
    _same_values(outputs[1], outputs[0], rtol=1e-3)
    _same_values(grads[1], grads[0], rtol=1e-3)


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("correction", [-1, 0, 1, 5])
def test_var_and_std_of_empty_tensors(correction):
    for name in ("var", "std"):
        _same(lambda L, n=name: getattr(L, n)(L.zeros(0), correction=correction))
        _same(lambda L, n=name: getattr(L, n)(L.zeros(0, 3), 0, correction=correction))
        _same(lambda L, n=name: getattr(L, n)(L.zeros(3, 0), 0, correction=correction))
        _same(lambda L, n=name: getattr(L, n)(L.zeros(0, 3), correction=correction))


# Refusals and acceptances as PyTorch's (hostile16c E3, E4, E6, E7).

def _same_error_type_or_result(make):
    ours, theirs = _outcome(autograd, make), _outcome(torch, make)
    if isinstance(theirs, str) or isinstance(ours, str):
        assert ours == theirs, (ours, theirs)
    else:
        assert ours[0] == theirs[0]
        _same_values(ours[1], theirs[1])


@pytest.mark.parametrize("make", [
    lambda L: L.concatenate([L.ones(2, 1), L.zeros(2, 2)], dim=1),
    lambda L: L.concatenate([L.ones(2, 1), L.zeros(2, 2)], axis=1),
    lambda L: L.concatenate([L.ones(2, 1), L.zeros(2, 2)], 1),
    lambda L: L.concatenate([L.ones(1, 2), L.zeros(2, 2)]),
    lambda L: L.concatenate([L.ones(2, 1), L.zeros(2, 2)], 1, dim=1),
    lambda L: L.concatenate([L.ones(2, 1), L.zeros(2, 2)], axis=1, dim=1),
])
def test_concatenate_takes_dim_as_pytorch(make):
    _same_error_type_or_result(make)


@pytest.mark.parametrize("name", ["floor_divide", "fmod", "remainder"])
@pytest.mark.parametrize("dtype", ["int64", "int32", "uint8"])
@pytest.mark.parametrize("shapes", [((0,), ()), ((0, 3), (3,)), ((0,), (1,)), ((1,), (0,)), ((2,), ())])
def test_integer_division_by_zero_of_an_empty_tensor(name, dtype, shapes):
    first, second = shapes
    _same_error_type_or_result(lambda L: getattr(L, name)(L.zeros(first, dtype=getattr(L, dtype)),
                                                          L.zeros(second, dtype=getattr(L, dtype))))
    _same_error_type_or_result(lambda L: getattr(L, name)(L.zeros(first, dtype=getattr(L, dtype)), 0))
    _same_error_type_or_result(lambda L: L.div(L.zeros(first, dtype=getattr(L, dtype)), 0, rounding_mode="floor"))
    _same_error_type_or_result(lambda L: L.div(L.zeros(first, dtype=getattr(L, dtype)), 0, rounding_mode="trunc"))


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("make", [
    lambda L: L.arange(0, 1, NAN), lambda L: L.arange(0, 5, NAN, dtype=L.int64),
    lambda L: L.arange(0, 5, INF, dtype=L.int64), lambda L: L.arange(0, 5, -INF, dtype=L.int32),
    lambda L: L.arange(3, 1, dtype=L.bool), lambda L: L.arange(0, 2, dtype=L.bool), lambda L: L.arange(0, 1e18),
    lambda L: L.arange(0, 2**62), lambda L: L.arange(0, INF), lambda L: L.arange(0, NAN), lambda L: L.arange(0, 5, 0),
    lambda L: L.arange(0, 5, INF), lambda L: L.arange(0, 5, -INF), lambda L: L.arange(0.0, 5, 2, dtype=L.int32),
])
def test_arange_errors_and_infinite_steps(make):
    _same_error_type_or_result(make)


@pytest.mark.parametrize("make", [
    lambda L: L.tensor([True, False]) ** L.tensor([True, True]), lambda L: L.pow(True, L.tensor([True, False])),
    lambda L: L.tensor([True]) ** L.tensor(True), lambda L: L.tensor([True]).pow(L.tensor([False])),
    lambda L: L.pow(L.tensor([True, False]), 2), lambda L: L.pow(L.tensor([True, False]), True),
    lambda L: L.pow(L.tensor([True, False]), L.tensor(2)), lambda L: L.pow(2, L.tensor([True, False])),
    lambda L: L.cumsum(L.tensor([1, 2]), 0, dtype=L.bool), lambda L: L.cumprod(L.tensor([1, 2]), 0, dtype=L.bool),
    lambda L: L.cumsum(L.tensor([True, True]), 0), lambda L: L.cumprod(L.tensor([True, False]), 0),
    lambda L: L.argmax(L.tensor([False, True])), lambda L: L.argmin(L.tensor([False, True])),
    lambda L: L.tensor([[False, True]]).argmax(1), lambda L: L.tensor([[False, True]]).argmin(dim=0, keepdim=True),
    lambda L: L.max(L.tensor([False, True])), lambda L: L.argmax(L.tensor([0, 3, 3])),
])
def test_bool_pow_scans_and_argmax_as_pytorch(make):
    _same_error_type_or_result(make)


# E5: linspace/logspace check only the bounds they use (none for 0 values; for 1 value linspace's start and
# logspace's power base ** start, in an integer dtype), as PyTorch's fill.

@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("make", [
    lambda L: L.logspace(-5.73, 0.14, 3, dtype=L.uint8), lambda L: L.logspace(-5.73, 0.14, 1, dtype=L.uint8),
    lambda L: L.logspace(2.5, 9.68, 1, dtype=L.int8), lambda L: L.logspace(2.5, 9.68, 2, dtype=L.int8),
    lambda L: L.logspace(-1, 2, 1, dtype=L.int8), lambda L: L.logspace(3, 0, 1, dtype=L.uint8),
    lambda L: L.logspace(2, 0, 1, dtype=L.uint8), lambda L: L.logspace(300, 0, 1, dtype=L.uint8),
    lambda L: L.logspace(3, 0, 2, dtype=L.uint8), lambda L: L.logspace(0, 1, 1, base=-2.0, dtype=L.uint8),
    lambda L: L.logspace(5, 1, 0, dtype=L.int8), lambda L: L.logspace(400, 1, 0, dtype=L.int8),
    lambda L: L.logspace(-5.5, 1, 2, dtype=L.uint8), lambda L: L.logspace(0, 400, 2, dtype=L.int8),
    lambda L: L.logspace(6, 0, 1, dtype=L.float16), lambda L: L.logspace(2.5, 0, 1), lambda L: L.logspace(0, 1, 0),
    lambda L: L.logspace(40, 0, 1, dtype=L.int64), lambda L: L.logspace(18, 0, 1, dtype=L.int64),
    lambda L: L.linspace(-5.61, 0.3, 0, dtype=L.uint8), lambda L: L.linspace(-7, INF, 1, dtype=L.int64),
    lambda L: L.linspace(-5.61, 0.3, 1, dtype=L.uint8), lambda L: L.linspace(-5.61, 0.3, 2, dtype=L.uint8),
    lambda L: L.linspace(-7, INF, 2, dtype=L.int64), lambda L: L.linspace(300, 1, 0, dtype=L.int8),
    lambda L: L.linspace(300, 1, 1, dtype=L.int8), lambda L: L.linspace(1, 300, 1, dtype=L.int8),
    lambda L: L.linspace(1, INF, 1, dtype=L.float16), lambda L: L.linspace(1e6, 1, 0, dtype=L.float16),
    lambda L: L.linspace(1, 1e6, 1, dtype=L.float16), lambda L: L.linspace(-7.5, 3, 1, dtype=L.int64),
    lambda L: L.linspace(2 + 1j, 3, 1), lambda L: L.linspace(2.5, 3, 1), lambda L: L.linspace(0, 1, 0),
    lambda L: L.linspace(NAN, 1, 1), lambda L: L.linspace(1, NAN, 1), lambda L: L.linspace(1, NAN, 2),
])
def test_linspace_and_logspace_bounds_checked_as_pytorch(make):
    _same_error_type_or_result(make)


# S11 (part): xlogy(±0, y) is +0, as PyTorch's (x · log y gave −0.0 for y < 1 or x = −0.0); the gradients stay.

@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("with_infinity", [False, True])  # (an infinite y takes another path)
def test_xlogy_of_a_zero_is_positive_zero(dtype, with_infinity):
    xs = [0.0, -0.0, 0.0, -0.0, 0.0, -0.0, 0.0, 2.0] + [-0.0] * with_infinity
    ys = [0.5, 0.5, 2.0, 2.0, 0.0, -1.0, NAN, 0.5] + [INF] * with_infinity
    results = []
    for lib in (torch, autograd):
        x, y = _t(lib, xs, dtype, True), _t(lib, ys, dtype, True)
        out = lib.xlogy(x, y)
        out.sum().backward()
        results.append((out.detach().numpy(), x.grad.numpy(), y.grad.numpy()))
    _same_values(results[1][0], results[0][0], rtol=1e-3)
    for ours, theirs in zip(results[1][1:], results[0][1:], strict=True):  # (∂/∂y's zeros' signs are not checked)
        np.testing.assert_allclose(ours, theirs, rtol=1e-3)


def test_logit_saves_its_input_as_pytorch():
    for lib in (torch, autograd):
        x = lib.tensor([0.2, 0.7], dtype=lib.float16, requires_grad=True)
        y = x * 1
        z = lib.logit(y)
        with lib.no_grad():
            y.mul_(2)
        with pytest.raises(RuntimeError):
            z.sum().backward()
