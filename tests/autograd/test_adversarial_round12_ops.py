"""Twelfth adversarial pass (hostile12b S3, S5-S7, C1-C4, U1, U2): tensor ops against PyTorch at the edges the
pass found (float16 intermediates, equal infinities, Welford's mean, complex extremes, empty contractions, 0-d
arguments, histogram overflow, shape-mismatch and bad-argument error types)."""
import numpy as np
import pytest

import autograd

torch = pytest.importorskip("torch")

inf, nan = float("inf"), float("nan")


def both(fn):
    """fn run with each library, as NumPy arrays (tuples of results come back as tuples)."""
    def as_array(r):
        return tuple(as_array(x) for x in r) if isinstance(r, tuple) else r.detach().numpy()
    return as_array(fn(autograd)), as_array(fn(torch))


def assert_same(ours, theirs, **kwargs):
    assert ours.dtype == theirs.dtype and ours.shape == theirs.shape
    np.testing.assert_allclose(ours.astype(np.complex128 if ours.dtype.kind == "c" else np.float64),
                               theirs.astype(np.complex128 if ours.dtype.kind == "c" else np.float64),
                               equal_nan=True, **kwargs)


# ----- S3: float16 addcdiv/addcmul in float32, rounded once -----
HALF_CASES = [(0.0, 60000.0, 60000.0, 2), (0.0, 300.0, 300.0, 300), (0.0, 1e-4, 1e-4, 1e-4), (1.0, 6e4, 1e-3, 3.5),
              (-65504.0, 65504.0, 0.5, 1), (2.0, 1e-7, 1e-7, 1e-3), (0.0, 255.0, 3.0, -700.0)]


@pytest.mark.parametrize("op", ["addcdiv", "addcmul"])
@pytest.mark.parametrize("start, a, b, value", HALF_CASES)
def test_float16_addc_ops_compute_in_float32(op, start, a, b, value):
    def run(lib):
        h = lambda v: lib.tensor([v, -v], dtype=lib.float16)  # noqa: E731
        return getattr(lib, op)(h(start), h(a), h(b), value=value)

    assert_same(*both(run), rtol=0)


@pytest.mark.parametrize("op", ["addcdiv_", "addcmul_"])
def test_float16_addc_ops_in_place_and_mixed(op):
    def run(lib):
        x = lib.zeros(2, dtype=lib.float16)
        getattr(x, op)(lib.tensor([60000.0, 1e-4], dtype=lib.float16), lib.tensor(6e4, dtype=lib.float32), value=2)
        return x

    assert_same(*both(run), rtol=0)


@pytest.mark.parametrize("op", ["addcdiv", "addcmul"])
def test_addc_ops_keep_their_gradients_in_float16(op):
    def run(lib):
        args = [lib.tensor([1.0, 2.0], dtype=lib.float16, requires_grad=True) for _ in range(3)]
        getattr(lib, op)(*args, value=3).sum().backward()
        return tuple(a.grad for a in args)

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=1e-3)
    x = [autograd.tensor(np.random.rand(3) + 0.5, requires_grad=True) for _ in range(3)]
    assert autograd.gradcheck(lambda a, b, c: getattr(autograd, op)(a, b, c, value=0.7), x)


# ----- S5: logaddexp's gradient at equal infinities -----
@pytest.mark.parametrize("pair", [(inf, inf), (-inf, -inf), (inf, -inf), (-inf, inf), (inf, 1.0), (1.0, -inf),
                                  (2.0, 2.0), (0.5, -3.0), (nan, inf)])
@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
def test_logaddexp_value_and_gradient_as_pytorch(pair, dtype):
    def run(lib):
        x = lib.tensor([pair[0], 1.0], dtype=getattr(lib, dtype), requires_grad=True)
        y = lib.tensor([pair[1], -1.0], dtype=getattr(lib, dtype), requires_grad=True)
        out = lib.logaddexp(x, y)
        out.sum().backward()
        return out, x.grad, y.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=2e-3 if dtype == "float16" else 1e-6)


def test_logaddexp_still_has_finite_difference_gradients():
    x, y = (autograd.tensor(np.random.randn(4) * 3, requires_grad=True) for _ in range(2))
    assert autograd.gradcheck(autograd.logaddexp, (x, y))
    assert autograd.gradgradcheck(autograd.logaddexp, (x, y))


# ----- S6: std_mean/var_mean's mean is Welford's -----
MEAN_CASES = [[1.0, inf, 2.0], [1.0, 2.0, inf], [inf, 1.0, 2.0], [inf, inf], [inf], [1.0, -inf], [-inf, 1.0],
              [inf, -inf], [3e38, 3e38], [-3e38, -3e38, 1.0], [1.0, nan, inf], [1.1, 2.2, 3.3], [1e-45, 1e-45]]


@pytest.mark.parametrize("op", ["std_mean", "var_mean"])
@pytest.mark.parametrize("values", MEAN_CASES)
def test_welford_mean_of_a_vector(op, values):
    ours, theirs = both(lambda lib: getattr(lib, op)(lib.tensor(values))[1])
    assert_same(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("dim", [0, 1, -1, (0, 1), (1, 0), None, (0, 2), 2])
@pytest.mark.parametrize("keepdim", [False, True])
def test_welford_mean_along_dims(dim, keepdim):
    values = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    values[0, 1, 2], values[1, 2, 3], values[1, 0, 0], values[0, 0, 3] = inf, -inf, inf, 3e38
    for op in ("std_mean", "var_mean"):
        ours, theirs = both(lambda lib: getattr(lib, op)(lib.tensor(values), dim, keepdim=keepdim))  # noqa: B023
        for a, b in zip(ours, theirs, strict=True):
            assert_same(a, b, rtol=1e-6)


@pytest.mark.parametrize("dtype", ["float16", "float64"])
def test_welford_mean_keeps_dtype_and_gradient(dtype):
    def run(lib):
        x = lib.tensor([[1.0, inf, 2.0], [3.0, 4.0, 6.0]], dtype=getattr(lib, dtype), requires_grad=True)
        std, mean = lib.std_mean(x, 1)
        mean.sum().backward()
        return mean, x.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=1e-3)
    x = autograd.tensor(np.random.rand(3, 4), requires_grad=True)
    assert autograd.gradcheck(lambda t: autograd.var_mean(t, 0)[1], (x,))


# ----- S7: complex sgn at extremes -----
SGN_RIGHT = [3 + 4j, -2j, 0j, 1 + 1j, complex(nan, 1), complex(1, nan), complex(-inf, nan), 1e-30 - 1e-30j, -5.0 + 0j]


@pytest.mark.parametrize("dtype", ["complex64", "complex128"])
def test_complex_sgn_as_pytorch_where_it_is_right(dtype):
    ours, theirs = both(lambda lib: lib.sgn(lib.tensor(SGN_RIGHT, dtype=getattr(lib, dtype))))
    assert_same(ours, theirs, rtol=1e-6)


@pytest.mark.parametrize("z, true", [(3e38 + 3e38j, (1 + 1j) / 2 ** 0.5), (1e-45 + 0j, 1), (1e-45 - 1e-45j, (1 - 1j) / 2 ** 0.5),
                                     (complex(inf, 1), 1), (complex(-inf, -2), -1), (complex(inf, inf), (1 + 1j) / 2 ** 0.5),
                                     (complex(1, -inf), -1j), (-3e38 + 1e-45j, -1)])
def test_complex_sgn_at_extremes_is_the_true_value(z, true):
    # PyTorch's complex64 sgn gives 0, inf+nanj or NaN at these (its |z| overflows or underflows).
    out = autograd.sgn(autograd.tensor([z], dtype=autograd.complex64)).numpy()
    assert out.dtype == np.complex64
    np.testing.assert_allclose(out, [true], rtol=1e-6)


# ----- C1-C4 -----
@pytest.mark.parametrize("shapes, dims", [(((2, 0), (0, 3)), 1), (((0, 3), (0, 3)), ([0], [0])),
                                          (((2, 0, 4), (0, 4, 5)), 2), (((0,), (0,)), 1), (((2, 0), (3,)), 0),
                                          (((3, 0), (0, 2)), ([1], [0]))])
def test_tensordot_over_an_empty_contraction(shapes, dims):
    def run(lib):
        a, b = (lib.zeros(*s, requires_grad=True) for s in shapes)
        out = lib.tensordot(a, b, dims=dims)
        (out.sum() if out.numel() else out.sum() * 1).backward()
        return out, a.grad, b.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)


@pytest.mark.parametrize("dims", [0, 1, 2])
def test_tensordot_takes_a_0d_tensor_for_dims(dims):
    a, b = np.random.rand(2, 3, 3), np.random.rand(3, 3, 2)
    ours, theirs = both(lambda lib: lib.tensordot(lib.tensor(a), lib.tensor(b), dims=lib.tensor(dims)))
    assert_same(ours, theirs, rtol=1e-12)


@pytest.mark.parametrize("op", ["movedim", "moveaxis"])
@pytest.mark.parametrize("source, destination", [(0, 0), (-1, -1), (0, -1), ([0], [-1]), ([], [])])
def test_movedim_of_a_0d_tensor(op, source, destination):
    def run(lib):
        x = lib.tensor(2.0, requires_grad=True)
        y = getattr(lib, op)(x, source, destination)
        y.backward()
        return y, x.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)
    x = autograd.tensor(2.0)
    y = getattr(autograd, op)(x, 0, 0)
    assert y is not x
    with pytest.raises(IndexError):
        autograd.movedim(x, 1, 0)


HISTC_AGREE = [(np.float32, [0.7, 0.3, 0.1, 0.9999999], 10, 0, 1), (np.float32, [1.0, nan, 2.0], 3, 0, 3),
               (np.float32, [1.0, inf, 2.0], 3, 0, 3), (np.float16, [0.1, 0.5, 0.7], 7, 0, 1),
               (np.float64, [-inf, 5.0, 6.0, nan, 5.5], 4, 5, 6)]


@pytest.mark.parametrize("dtype, values, bins, low, high", HISTC_AGREE)
def test_histc_as_pytorch(dtype, values, bins, low, high):
    ours, theirs = both(lambda lib: lib.histc(lib.tensor(np.array(values, dtype=dtype)), bins, min=low, max=high))
    assert_same(ours, theirs, rtol=0)


def test_histc_agrees_with_pytorch_at_bin_edges_of_random_data():
    values = np.random.default_rng(0).random(20000, dtype=np.float32)
    for bins in (7, 10, 100):
        ours, theirs = both(lambda lib: lib.histc(lib.tensor(values), bins, min=0, max=1))  # noqa: B023
        assert_same(ours, theirs, rtol=0)


@pytest.mark.parametrize("dtype, values, bins, low, high, expected", [
    (np.float16, [0.0, 1000.0], 100, 0, 0, [1] + [0] * 98 + [1]), (np.float16, [0.0, 60000.0], 4, 0, 0, [1, 0, 0, 1]),
    (np.float32, [0.0, 3e38, -3e38], 4, 0, 0, [1, 0, 1, 1]), (np.float64, [-1.7e308, 0.0, 1.7e308], 4, 0, 0, [1, 0, 1, 1]),
    (np.float64, [0.0, 1.7e308], 2, 0, 0, [1, 1]), (np.float32, [1.0, 2.0], 3, -1e38, 3e38, [2, 0, 0])])
def test_histc_counts_the_true_bins_where_the_formula_overflows(dtype, values, bins, low, high, expected):
    # PyTorch's own counts are wrong here ([2, 0, 0, 0] for float16 [0, 60000]); ours must be the true ones.
    out = autograd.histc(autograd.tensor(np.array(values, dtype=dtype)), bins, min=low, max=high).numpy()
    assert out.dtype == dtype
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("dtype, low, high", [(np.float32, -1e300, 1e300), (np.float16, 0, 1e5), (np.float32, nan, 1),
                                              (np.float32, 0, inf), (np.float16, -7e4, 0)])
def test_histc_bounds_that_do_not_fit_are_refused(dtype, low, high):
    for lib in (autograd, torch):
        with pytest.raises(RuntimeError):
            lib.histc(lib.tensor(np.array([1.0, 2.0], dtype=dtype)), 3, min=low, max=high)
