"""The fourteenth pass's leftovers (hostile14b S4, S7, S8, C1-C4, and nanmean over an all-NaN slice), against
PyTorch: var_mean/std_mean of huge equal values, float16 rounding, empty channels_last clones, error types."""
import numpy as np
import pytest

import autograd

from .outcomes import error_of
from .test_adversarial_round12_ops import both

torch = pytest.importorskip("torch")

inf, nan = float("inf"), float("nan")




# ----- S4: var_mean/std_mean never square a huge mean (PyTorch's Welford pass) -----
SPREAD_CASES = [([1e308, 1e308], "float64", None), ([3e38, 3e38], "float32", None), ([3e38, 3e38, 3e38], "float32", 0),
                ([[3e38, 3e38], [1.0, 2.0]], "float32", 1), ([[-1.7e308, -1.7e308, -1.7e308], [1.0, 2.0, 4.0]],
                                                             "float64", 1), ([60000.0, 60000.0], "float16", None),
                ([1.0, inf], "float32", None), ([inf, 1.0], "float32", None), ([1.0, nan, 2.0], "float64", None)]


@pytest.mark.parametrize("op", ["var_mean", "std_mean"])
@pytest.mark.parametrize("values, dtype, dim", SPREAD_CASES)
@pytest.mark.parametrize("correction", [0, 1])
def test_spread_of_huge_equal_values_is_zero_as_pytorch(op, values, dtype, dim, correction):
    ours, theirs = both(lambda lib: getattr(lib, op)(lib.tensor(values, dtype=getattr(lib, dtype)), dim,
                                                      correction=correction))
    for a, b in zip(ours, theirs, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(a.astype(np.float64), b.astype(np.float64), rtol=1e-3, equal_nan=True)


def test_spread_of_huge_equal_values_has_the_true_gradient():
    """The variance of [3e38, 3e38] (row 0) has gradient 2(x − mean)/(n − 1) = 0; PyTorch's float32 backward
    overflows to −inf there (a deliberate difference: ours is the derivative); row 1 is as PyTorch's."""
    def run(lib):
        x = lib.tensor([[3e38, 3e38], [1.0, 2.0]], requires_grad=True)
        lib.var_mean(x, 1)[0].sum().backward()
        return x.grad

    ours, theirs = both(run)
    np.testing.assert_array_equal(ours, [[0.0, 0.0], theirs[1]])
    x = autograd.tensor([[1e308, 1e308, 1e308], [1.0, 2.0, 4.0]], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: autograd.std_mean(t[1:], 1)[0], (x,))


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize("dim", [None, 0, 1, (0, 1)])
def test_spread_of_ordinary_values_is_pytorchs_to_the_last_bits(dtype, dim):
    """float32 equal values ([0.1] * 7) give 0 as PyTorch's Welford pass, where a float32 two-pass var gives 6e-17
    (float64's two passes leave 1.5e-17 there: a rounding of the last bits of 0.1², as any float64 sum may)."""
    values = np.concatenate([np.full((1, 7), 0.1), np.random.default_rng(3).normal(2.0, 3.0, (4, 7))])

    def run(lib):
        x = lib.tensor(values, dtype=getattr(lib, dtype))
        return lib.var_mean(x, dim) + lib.std_mean(x, dim, keepdim=True)

    for a, b in zip(*both(run), strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_allclose(a, b, rtol={"float16": 1e-3, "float32": 1e-6, "float64": 1e-12}[dtype],
                                   atol=1e-16 if dtype == "float64" else 0)


# ----- S7: linspace's values are PyTorch's to the last bit -----
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
def test_linspace_is_pytorchs_to_the_last_bit(dtype):
    """(float64 within one unit in the last place: its fused multiply-add is emulated in NumPy's longdouble.)"""
    rng = np.random.default_rng(7)
    for _ in range(300):
        start, end = (float(np.float16(v)) for v in rng.normal(0, 50, 2))
        steps = int(rng.integers(0, 40))
        ours = autograd.linspace(start, end, steps, dtype=getattr(autograd, dtype)).numpy()
        theirs = torch.linspace(start, end, steps, dtype=getattr(torch, dtype)).numpy()
        assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
        np.testing.assert_array_max_ulp(ours, theirs, maxulp=1 if dtype == "float64" else 0)


# ----- C1-C4: PyTorch's error types -----
INT = [1, 2]
BAD_CALLS = {  # name: call(library, its nn.functional)
    "interpolate of an empty height": lambda t, F: F.interpolate(t.zeros(1, 1, 0, 3), size=(4, 4)),
    "interpolate of an empty width, bilinear": lambda t, F: F.interpolate(t.zeros(1, 1, 2, 0), size=(3, 3),
                                                                           mode="bilinear"),
    "atleast_1d of an int": lambda t, F: t.atleast_1d(3),
    "atleast_3d of a float": lambda t, F: t.atleast_3d(3.0),
    "atleast_2d of a list holding an int": lambda t, F: t.atleast_2d([t.ones(2), 3]),
    "vstack of lists": lambda t, F: t.vstack([[1, 2], [3, 4]]),
    "hstack of a tensor and a list": lambda t, F: t.hstack([t.ones(2), [3.0]]),
    "dstack of numbers": lambda t, F: t.dstack((1, 2)),
    "addcmul of ints, value nan": lambda t, F: t.addcmul(t.tensor(INT), t.tensor(INT), t.tensor(INT), value=nan),
    "addcmul_ of ints, value inf": lambda t, F: t.tensor(INT).addcmul_(t.tensor(INT), t.tensor(INT), value=inf),
    "a float tensor in a list as int64": lambda t, F: t.tensor([t.tensor(-1.5)], dtype=t.int64),
    "a whole float tensor in a list as int64": lambda t, F: t.tensor([t.tensor(2.0), 3], dtype=t.int64),
    "a float tensor in a nested list as uint8": lambda t, F: t.tensor([[1], [t.tensor([1.5])]], dtype=t.uint8),
    "a float tensor in a list as bool": lambda t, F: t.tensor([t.tensor(1.0)], dtype=t.bool),
    "a float64 tensor in a list as int32": lambda t, F: t.as_tensor([t.tensor(1.0, dtype=t.float64)], dtype=t.int32),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_bad_calls_raise_pytorchs_error_type(name):
    import nn.functional

    theirs = error_of(lambda: BAD_CALLS[name](torch, torch.nn.functional))
    assert theirs is not None and error_of(lambda: BAD_CALLS[name](autograd, nn.functional)) is theirs


@pytest.mark.parametrize("dtype", ["int64", "bool", "float16"])
def test_integer_tensors_in_a_list_still_convert(dtype):
    def run(lib):
        return lib.tensor([lib.tensor(2), lib.tensor(True), 0], dtype=getattr(lib, dtype))

    ours, theirs = both(run)
    assert ours.dtype == theirs.dtype and ours.tolist() == theirs.tolist()
