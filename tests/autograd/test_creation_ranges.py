"""arange and linspace: arange's values rounded once from float64 (a hostile pass found float16 arange drifting,
0.2998 for 0.3), linspace's PyTorch's to the last bit, PyTorch's integer rules, and clear errors for what PyTorch truncates or overflows."""
import itertools
from types import SimpleNamespace

import numpy as np
import pytest

import autograd

FLOATS = [np.float16, np.float32, np.float64]


def _ulps_apart(a, b):
    """How many representable values of a's dtype lie between a and b (elementwise, a and b finite)."""
    spacing = np.spacing(np.maximum(np.abs(a), np.abs(b)).astype(a.dtype))
    return np.abs(a.astype(np.float64) - b.astype(np.float64)) / spacing.astype(np.float64)


@pytest.mark.parametrize("dtype", FLOATS)
def test_arange_is_each_value_rounded_once(dtype):
    got = autograd.arange(0, 100, 0.1, dtype=dtype).numpy()
    exact = np.arange(1000) * 0.1
    assert got.dtype == dtype and got.shape == (1000,)
    np.testing.assert_array_equal(got, exact.astype(dtype))


def test_float16_arange_does_not_drift():
    got = autograd.arange(0, 1, 0.1, dtype=np.float16).numpy()
    assert got[3] == np.float16(0.3)
    assert list(autograd.arange(-1, 1, 0.3, dtype=np.float16).numpy()[[4, 5]]) == [np.float16(0.2), np.float16(0.5)]


@pytest.mark.parametrize("dtype", FLOATS)
def test_linspace_ends_exact_values_near_the_exact_ones_and_bitwise_pytorchs(dtype):
    got = autograd.linspace(-3.7, 100, 33, dtype=dtype).numpy()
    assert got[0] == dtype(-3.7) and got[-1] == dtype(100) and got.dtype == dtype
    exact = np.linspace(-3.7, 100, 33)
    assert (np.abs(got - exact) <= 2 * np.spacing(dtype(100))).all()  # (a few units of the largest value's last place)
    torch = pytest.importorskip("torch")
    theirs = torch.linspace(-3.7, 100, 33, dtype=getattr(torch, np.dtype(dtype).name)).numpy()
    np.testing.assert_array_equal(got, theirs)


def test_integer_dtype_with_fractional_start_or_step_is_refused():
    with pytest.raises(ValueError, match="step must be nonzero"):  # (PyTorch's type: 0.5 truncates to 0)
        autograd.arange(0, 5, 0.5, dtype=np.int64)
    with pytest.raises(RuntimeError, match="whole numbers"):
        autograd.arange(0, 5, 1.5, dtype=np.int64)
    with pytest.raises(RuntimeError, match="whole numbers"):
        autograd.arange(0.5, 3, 1, dtype=np.uint8)
    np.testing.assert_array_equal(autograd.arange(0, 5.5, 2, dtype=np.int32).numpy(), [0, 2, 4])


def test_int_beyond_int64_is_an_overflow_error():
    with pytest.raises(OverflowError, match="int64"):
        autograd.arange(2 ** 70)
    with pytest.raises(OverflowError):
        autograd.arange(0, 10, 2 ** 64)


@pytest.mark.parametrize("start, end, steps", [(0, 2.5, 7), (0.1, 100, 10), (-3.7, 7, 5), (5, -7.5, 3), (0, 1, 1)])
def test_integer_linspace_truncates_the_bounds_as_pytorch(start, end, steps):
    torch = pytest.importorskip("torch")
    expected = torch.linspace(start, end, steps, dtype=torch.int64).numpy()
    np.testing.assert_array_equal(autograd.linspace(start, end, steps, dtype=np.int64).numpy(), expected)


def test_within_an_ulp_or_two_of_pytorch():
    torch = pytest.importorskip("torch")
    for dtype, (start, end, step) in itertools.product(FLOATS, [(0, 10, 0.1), (-1, 100.3, 0.7), (2, 2.5, 0.3)]):
        tdtype = getattr(torch, np.dtype(dtype).name)
        ours = autograd.arange(start, end, step, dtype=dtype).numpy()
        theirs = torch.arange(start, end, step, dtype=tdtype).numpy()
        assert ours.shape == theirs.shape
        assert _ulps_apart(ours, theirs).max() <= 1
        ours = autograd.linspace(start, end, 50, dtype=dtype).numpy()
        theirs = torch.linspace(start, end, 50, dtype=tdtype).numpy()
        assert _ulps_apart(ours, theirs).max() <= 2  # PyTorch computes end - k * step in the second half


CASES = [
    "linspace(0, 300, 4, dtype=torch.int8)", "linspace(-1e30, 1e30, 5, dtype=torch.int64)", "arange(0, 1 + 1j)",
    "linspace(0, 1 + 1j, 3)", "linspace(1j, 2, 3)", "arange(2**62, 2**62 + 3)", "arange(-2**62, -2**62 + 9, 4)",
    "arange(0, 5, dtype=torch.bool)", "arange(0, 3, dtype=torch.complex64)", "linspace(0, 1, 3, dtype=torch.bool)",
    "linspace(0., 1e6, 3, dtype=torch.float16)", "arange(0, 70000, 20000, dtype=torch.float16)",
    "arange(0, 300, 100, dtype=torch.int8)", "linspace(0, 1, 3, dtype=torch.complex64)",
    "arange(0, 5.5, 2, dtype=torch.int32)", "arange(5, 0, -2)", "linspace(0, 1, 0)", "linspace(0, float('inf'), 3)",
    "linspace(float('inf'), 0, 1)", "linspace(0, float('nan'), 2)", "linspace(0, 255, 3, dtype=torch.uint8)",
]


@pytest.mark.parametrize("case", CASES)
def test_edges_are_pytorchs(case):
    """Values and dtype, or the error's type (hostile11a: int64 beyond 2**53, complex bounds, wrapping bounds)."""
    torch = pytest.importorskip("torch")
    ours_namespace = SimpleNamespace(arange=autograd.arange, linspace=autograd.linspace, bool=np.bool_,
                                     **{name: np.dtype(name).type for name in ("int8", "uint8", "int32", "int64",
                                                                                "float16", "complex64")})

    def run(module):
        try:
            result = eval("torch." + case, {"torch": module})  # noqa: S307 (the cases above)
        except Exception as error:  # noqa: BLE001 (the type is compared)
            return type(error)
        return result.dtype, result.numpy()

    ours, theirs = run(ours_namespace), run(torch)
    if isinstance(theirs, type):
        assert ours is theirs
    else:
        assert np.dtype(ours[0]).name == str(theirs[0]).removeprefix("torch.")
        np.testing.assert_array_equal(ours[1], theirs[1])


@pytest.mark.parametrize("args", [(0, 5.5), (1, 7.9, 2), (0, -4.5, -1), (2, 9.99, 3), (-3, 0.5)])
def test_integer_arange_truncates_a_fractional_end_as_pytorch(args):
    """hostile14b S2: arange(0, 5.5, dtype=int64) is [0..4] in PyTorch, which truncates the end before counting."""
    torch = pytest.importorskip("torch")
    expected = torch.arange(*args, dtype=torch.int64).numpy()
    np.testing.assert_array_equal(autograd.arange(*args, dtype=np.int64).numpy(), expected)
