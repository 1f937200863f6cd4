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


@pytest.mark.parametrize("values, dim", [([1e308, 1e308], None), ([[1e308, 1e308, 1.7e308], [1.0, 2.0, 3.0]], 1),
                                         ([[1e308, 1e308, 1.7e308], [1.0, 2.0, 3.0]], 0), ([-1.7e308] * 5, None),
                                         ([[1e308, 1e308, 1.7e308], [1.0, 2.0, inf]], 1)])
def test_welford_mean_of_float64_never_overflows(values, dim):
    def run(lib):
        x = lib.tensor(values, dtype=lib.float64, requires_grad=True)
        lib.var_mean(x, dim)[1].sum().backward()
        return lib.std_mean(x, dim)[1], x.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=1e-12)


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
    (np.float64, [0.0, 1.7e308], 2, 0, 0, [1, 1]), (np.float32, [1.0, 2.0], 3, -1e38, 3e38, [2, 0, 0]),
    (np.float16, [0.0, 30000.0, 60000.0], 5000, 0, 0, [1] + [0] * 2499 + [1] + [0] * 2498 + [1])])
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


# ----- U1: shape mismatches raise PyTorch's RuntimeError, with its message -----
MISMATCHES = {
    "lt": lambda lib, a, b: a < b, "le": lambda lib, a, b: a <= b, "gt": lambda lib, a, b: a > b,
    "ge": lambda lib, a, b: a >= b, "eq": lambda lib, a, b: a == b, "ne": lambda lib, a, b: a != b,
    "lt method": lambda lib, a, b: a.lt(b), "eq function": lambda lib, a, b: lib.eq(a, b),
    "gt_": lambda lib, a, b: a.clone().gt_(b), "logical_and": lambda lib, a, b: lib.logical_and(a, b),
    "logical_or": lambda lib, a, b: lib.logical_or(a, b), "logical_xor": lambda lib, a, b: lib.logical_xor(a, b),
    "logical_and_": lambda lib, a, b: a.clone().logical_and_(b), "clamp_min": lambda lib, a, b: lib.clamp_min(a, b),
    "clamp_max": lambda lib, a, b: lib.clamp_max(a, b), "clip": lambda lib, a, b: lib.clip(a, b, None),
    "clamp max": lambda lib, a, b: lib.clamp(a, None, b), "clamp_min_": lambda lib, a, b: a.clone().clamp_min_(b),
    "logaddexp": lambda lib, a, b: lib.logaddexp(a, b), "logaddexp method": lambda lib, a, b: a.logaddexp(b),
    "isclose": lambda lib, a, b: lib.isclose(a, b), "maximum": lambda lib, a, b: lib.maximum(a, b),
    "masked_fill": lambda lib, a, b: b.masked_fill(a > 0, 0.0),
}
SHAPES = [((2, 3), (3, 3)), ((2, 3), (3, 2)), ((3,), (2,)), ((2, 3, 4), (5, 4)), ((2, 3), (4, 1, 2)), ((0, 3), (2, 3))]


@pytest.mark.parametrize("name", list(MISMATCHES))
@pytest.mark.parametrize("shapes", SHAPES)
def test_shape_mismatch_raises_pytorchs_error(name, shapes):
    messages = []
    for lib in (autograd, torch):
        with pytest.raises(RuntimeError) as error:
            MISMATCHES[name](lib, lib.ones(*shapes[0]), lib.ones(*shapes[1]))
        messages.append(str(error.value))
    assert messages[0] == messages[1]


@pytest.mark.parametrize("name", list(MISMATCHES))
def test_shapes_that_broadcast_still_work(name):
    big, small = ((2, 1), (4, 2, 3)) if name == "masked_fill" else ((4, 2, 3), (2, 1))  # (in place: self is largest)
    ours, theirs = both(lambda lib: MISMATCHES[name](lib, lib.ones(*big), lib.zeros(*small)).to(lib.float64))
    assert_same(ours, theirs)


def test_clamp_bounds_broadcast_beyond_the_input():
    ours, theirs = both(lambda lib: lib.clamp(lib.arange(6.0).reshape(2, 3), lib.ones(3), lib.full((4, 1, 1), 3.0)))
    assert_same(ours, theirs)


# ----- U2: the error types PyTorch raises for bad arguments -----
BAD_ARGUMENTS = {
    "nan_to_num nan str": (lambda lib: lib.nan_to_num(lib.tensor([float("nan")]), nan="a"), TypeError),
    "nan_to_num nan str, no NaN": (lambda lib: lib.nan_to_num(lib.ones(2), nan="a"), TypeError),
    "nan_to_num nan complex": (lambda lib: lib.nan_to_num(lib.ones(2), nan=1j), TypeError),
    "nan_to_num posinf complex": (lambda lib: lib.nan_to_num(lib.ones(2), posinf=1j), TypeError),
    "nan_to_num neginf str": (lambda lib: lib.nan_to_num(lib.ones(2), neginf="x"), TypeError),
    "nan_to_num of int": (lambda lib: lib.nan_to_num(lib.ones(2, dtype=lib.int64), nan="a"), TypeError),
    "nan_to_num_": (lambda lib: lib.ones(2).nan_to_num_(posinf="a"), TypeError),
    "inner bool": (lambda lib: lib.inner(lib.ones(2, dtype=lib.bool), lib.ones(2, dtype=lib.bool)), NotImplementedError),
    "inner empty bool": (lambda lib: lib.inner(lib.ones(0, dtype=lib.bool), lib.ones(0, dtype=lib.bool)),
                         NotImplementedError),
    "inner bool matrices": (lambda lib: lib.inner(lib.ones(2, 3, dtype=lib.bool), lib.ones(4, 3, dtype=lib.bool)),
                            NotImplementedError),
    "tensordot bool": (lambda lib: lib.tensordot(lib.ones(2, 3, dtype=lib.bool), lib.ones(3, 2, dtype=lib.bool), 1),
                       NotImplementedError),
    "tensordot bool dims=0": (lambda lib: lib.tensordot(lib.ones(2, dtype=lib.bool), lib.ones(2, dtype=lib.bool), 0),
                              NotImplementedError),
    "diag_embed 0-d": (lambda lib: lib.diag_embed(lib.tensor(1.0), dim1=-1, dim2=0), RuntimeError),
    "diag_embed 0-d default": (lambda lib: lib.diag_embed(lib.tensor(1.0)), IndexError),
    "diag_embed 0-d dim 1": (lambda lib: lib.diag_embed(lib.tensor(1.0), dim1=0, dim2=1), IndexError),
    "diag_embed same dims": (lambda lib: lib.diag_embed(lib.ones(3), dim1=-1, dim2=1), RuntimeError),
    "nanmedian bool bad dim": (lambda lib: lib.nanmedian(lib.ones(3, dtype=lib.bool), 5), IndexError),
    "put dtype before bounds": (lambda lib: lib.ones(3, dtype=lib.int64).put(lib.tensor([7]), lib.tensor([1.5])),
                                RuntimeError),
    "put index dtype first": (lambda lib: lib.ones(3).put(lib.tensor([7.0]), lib.tensor([1], dtype=lib.int64)),
                              RuntimeError),
    "put sizes before bounds": (lambda lib: lib.ones(3).put(lib.tensor([7, 1]), lib.tensor([1.0])), IndexError),
    "isclose atol nan": (lambda lib: lib.isclose(lib.ones(2), lib.ones(2), atol=nan), RuntimeError),
    "isclose rtol nan": (lambda lib: lib.isclose(lib.ones(2), lib.ones(2), rtol=nan), RuntimeError),
}
BAD_ARGUMENTS.update({f"index_fill {dtype} index": (
    lambda lib, dtype=dtype: lib.ones(3).index_fill(0, lib.tensor([1], dtype=getattr(lib, dtype)), 2.0), IndexError)
    for dtype in ("uint8", "int16", "int32", "float32", "bool")})


@pytest.mark.parametrize("name", list(BAD_ARGUMENTS))
def test_bad_arguments_raise_pytorchs_error_type(name):
    call, error = BAD_ARGUMENTS[name]
    for lib in (autograd, torch):
        with pytest.raises(error):
            call(lib)


@pytest.mark.parametrize("shapes, dims", [(((2, 0), (0, 3)), 1), (((0, 3), (3, 2)), 1), (((2, 0), (3, 0)), "inner"),
                                          (((0, 3), (2, 3)), "inner")])
def test_bool_products_with_nothing_to_sum_are_false(shapes, dims):
    def run(lib):
        a, b = (lib.ones(*s, dtype=lib.bool) for s in shapes)
        return lib.inner(a, b) if dims == "inner" else lib.tensordot(a, b, dims)

    assert_same(*both(run))


def test_index_fill_with_an_int64_index_still_works():
    ours, theirs = both(lambda lib: lib.ones(2, 3).index_fill(1, lib.tensor([0, 2]), -1.0))
    assert_same(ours, theirs)


# ----- missing names the pass ranked most used: joining and tile -----
JOIN_SHAPES = [[(), ()], [(3,), (2,)], [(3,), ()], [(2, 3), (2, 1)], [(2, 3, 1), (2, 3, 2)], [(0,), (2,)], [(2, 2)]]


def _joined(name, shapes):
    def run(lib):
        tensors = [lib.arange(1.0, 1 + int(np.prod(s)), dtype=lib.float64).reshape(s).requires_grad_() for s in shapes]
        out = getattr(lib, name)(tensors)
        (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum().backward()
        return (out,) + tuple(t.grad for t in tensors)
    return run


@pytest.mark.parametrize("name", ["hstack", "vstack", "row_stack", "dstack", "column_stack", "concat", "concatenate"])
@pytest.mark.parametrize("shapes", JOIN_SHAPES)
def test_joining_as_pytorch(name, shapes):
    outcomes = []
    for lib in (autograd, torch):
        try:
            outcomes.append(_joined(name, shapes)(lib))
        except (RuntimeError, IndexError) as error:
            outcomes.append(type(error))
    if isinstance(outcomes[1], type):
        assert outcomes[0] is outcomes[1]
        return
    for ours, theirs in zip(*outcomes, strict=True):
        assert_same(ours.detach().numpy(), theirs.detach().numpy())


@pytest.mark.parametrize("name", ["hstack", "vstack", "dstack", "column_stack"])
def test_joining_bad_arguments(name):
    for lib in (autograd, torch):
        with pytest.raises(RuntimeError, match="non-empty TensorList"):
            getattr(lib, name)([])
        with pytest.raises(TypeError):
            getattr(lib, name)(lib.ones(3))


@pytest.mark.parametrize("name", ["atleast_1d", "atleast_2d", "atleast_3d"])
@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4), (0,)])
def test_atleast_nd_as_pytorch(name, shape):
    for lib in (autograd, torch):
        x = lib.ones(shape)
        single, pair, listed = getattr(lib, name)(x), getattr(lib, name)(x, x), getattr(lib, name)([x])
        assert isinstance(pair, tuple) and isinstance(listed, tuple) and len(listed) == 1
        assert (single is x) == (x.ndim >= int(name[-2]))
    ours, theirs = (getattr(lib, name)(lib.ones(shape)).shape for lib in (autograd, torch))
    assert tuple(ours) == tuple(theirs)
    assert getattr(autograd, name)() == () == getattr(torch, name)()


def test_atleast_nd_is_a_view_with_gradients():
    x = autograd.ones(3, requires_grad=True)
    y = autograd.atleast_3d(x)
    assert y.shape == (1, 3, 1)
    assert autograd.gradcheck(lambda t: autograd.atleast_3d(t) * 2, (autograd.tensor(np.random.rand(3), requires_grad=True),))
    z = autograd.atleast_2d(autograd.zeros(2))
    z.add_(1)  # a view: writes reach the input, as PyTorch's


@pytest.mark.parametrize("shape, dims", [((2, 3), (2,)), ((2, 3), (2, 2)), ((3,), (2, 1, 2)), ((), (3,)), ((2, 3), ()),
                                         ((2, 0), (2, 3)), ((2, 3), (0, 1)), ((2, 3), [1, 1, 1])])
def test_tile_as_pytorch(shape, dims):
    def run(lib):
        x = lib.arange(1.0, 1 + int(np.prod(shape)), dtype=lib.float64).reshape(shape).requires_grad_()
        out = lib.tile(x, dims)
        (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum().backward()
        return out, x.grad, x.tile(*dims) if dims else x.tile(dims)

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)
    x = autograd.tensor(np.asarray(np.random.rand(*shape)), requires_grad=True)
    assert autograd.gradcheck(lambda t: autograd.tile(t, dims), (x,))


def test_tile_bad_arguments():
    for lib in (autograd, torch):
        with pytest.raises(TypeError):
            lib.tile(lib.ones(3), 2)
        with pytest.raises(RuntimeError):
            lib.tile(lib.ones(3), (-1,))


# ----- fmax, fmin, aminmax, rot90 -----
PAIR_VALUES = [1.0, 2.0, nan, -inf, inf, 2.0, nan, -0.0]


@pytest.mark.parametrize("name", ["fmax", "fmin"])
@pytest.mark.parametrize("dtypes", [("float64", "float64"), ("float32", "float64"), ("int64", "float32"),
                                    ("bool", "int64"), ("int32", "int32")])
def test_fmax_fmin_as_pytorch(name, dtypes):
    def run(lib):
        a = lib.tensor(PAIR_VALUES).reshape(8, 1)
        b = lib.tensor([2.0, nan, 1.0, 2.0, -inf, nan, 0.0, 0.0])
        a, b = a.to(getattr(lib, dtypes[0])), b.to(getattr(lib, dtypes[1]))
        floating = [t.requires_grad_() for t in (a, b) if t.is_floating_point()]
        out = getattr(lib, name)(a, b)
        if floating:
            (out * lib.arange(float(out.numel())).reshape(out.shape)).sum().backward()
        return (out,) + tuple(t.grad for t in floating)

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)
    assert getattr(autograd, name)(autograd.ones(2), autograd.zeros(2)).dtype == np.float32
    x, y = (autograd.tensor(np.random.rand(4), requires_grad=True) for _ in range(2))
    assert autograd.gradcheck(getattr(autograd, name), (x, y))


@pytest.mark.parametrize("name", ["fmax", "fmin"])
def test_fmax_fmin_bad_arguments(name):
    for lib in (autograd, torch):
        with pytest.raises(TypeError):
            getattr(lib, name)(lib.ones(2), 1.0)
        with pytest.raises(RuntimeError):
            getattr(lib, name)(lib.ones(2, dtype=lib.complex64), lib.ones(2))
        with pytest.raises(RuntimeError):
            getattr(lib, name)(lib.ones(2), lib.ones(3))


@pytest.mark.parametrize("dim", [None, 0, 1, -1])
@pytest.mark.parametrize("keepdim", [False, True])
def test_aminmax_as_pytorch(dim, keepdim):
    def run(lib):
        x = lib.tensor([[1.0, 3.0, 3.0], [0.0, 0.0, 2.0], [nan, 1.0, 1.0]], requires_grad=True)
        low, high = x.aminmax(dim=dim, keepdim=keepdim) if dim is not None else lib.aminmax(x, keepdim=keepdim)
        (low + 2 * high).sum().backward()
        return low, high, x.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)
    result = autograd.aminmax(autograd.ones(2, 3), dim=1)
    assert result.min.shape == result.max.shape == (2,)


@pytest.mark.parametrize("call, error", [(lambda lib: lib.aminmax(lib.ones(0)), RuntimeError),
                                         (lambda lib: lib.aminmax(lib.ones(2, 0), dim=1), IndexError),
                                         (lambda lib: lib.aminmax(lib.ones(2, 3), dim=2), IndexError)])
def test_aminmax_bad_arguments(call, error):
    for lib in (autograd, torch):
        with pytest.raises(error):
            call(lib)


@pytest.mark.parametrize("k", [-5, -1, 0, 1, 2, 3, 4, 7])
@pytest.mark.parametrize("shape, dims", [((2, 3), (0, 1)), ((2, 3), (1, 0)), ((2, 3, 4), (0, 2)), ((2, 3, 4), (-1, 1)),
                                         ((0, 3), (0, 1))])
def test_rot90_as_pytorch(k, shape, dims):
    def run(lib):
        x = lib.arange(float(np.prod(shape)), dtype=lib.float64).reshape(shape).requires_grad_()
        out = lib.rot90(x, k, dims)
        (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum().backward()
        y = x.detach().rot90(k, dims)
        y.add_(1)  # a copy, never a view of x
        return out, x.grad, x

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs)


@pytest.mark.parametrize("args, error", [(((3,),), RuntimeError), (((2, 3), 1, [0]), RuntimeError),
                                         (((2, 3), 1, [0, 0]), RuntimeError), (((2, 3), 1, [0, -2]), RuntimeError),
                                         (((2, 3), 1, [0, 2]), IndexError), (((2, 3), 1.5), TypeError)])
def test_rot90_bad_arguments(args, error):
    for lib in (autograd, torch):
        with pytest.raises(error):
            lib.rot90(lib.ones(*args[0]), *args[1:])


# ----- addmm, baddbmm, addbmm -----
UPDATES = {"addmm": ((2, 3), (3, 4)), "baddbmm": ((2, 2, 3), (2, 3, 4)), "addbmm": ((2, 2, 3), (2, 3, 4))}


@pytest.mark.parametrize("name", list(UPDATES))
@pytest.mark.parametrize("input_shape", ["full", "row", "scalar"])
@pytest.mark.parametrize("beta, alpha", [(1, 1), (0.5, 2.0), (0, 1), (0, -3), (2, 0)])
def test_matrix_updates_as_pytorch(name, input_shape, beta, alpha):
    first, second = UPDATES[name]

    def run(lib):
        rng = np.random.default_rng(1)
        out_shape = (first[:-1] if name != "addbmm" else first[1:-1]) + second[-1:]
        shape = {"full": out_shape, "row": out_shape[-1:], "scalar": ()}[input_shape]
        values = rng.standard_normal(shape)
        if beta == 0:
            values = values + np.nan  # ignored where β = 0, as PyTorch
        x, a, b = (lib.tensor(v, requires_grad=True) for v in (values, rng.standard_normal(first),
                                                               rng.standard_normal(second)))
        out = getattr(lib, name)(x, a, b, beta=beta, alpha=alpha)
        (out * lib.arange(float(out.numel()), dtype=lib.float64).reshape(out.shape)).sum().backward()
        return out, x.grad, a.grad, b.grad

    for ours, theirs in zip(*both(run), strict=True):
        assert_same(ours, theirs, rtol=1e-12)
    x, a, b = (autograd.tensor(np.random.rand(*s), requires_grad=True) for s in ((4,), first, second))
    assert autograd.gradcheck(lambda *t: getattr(autograd, name)(*t, beta=0.5, alpha=2.0), (x, a, b))


def test_matrix_updates_of_integers_truncate_the_scalars():
    ours, theirs = both(lambda lib: lib.addmm(lib.ones(2, 2, dtype=lib.int64), lib.ones(2, 2, dtype=lib.int64),
                                              lib.ones(2, 2, dtype=lib.int64), beta=0.5, alpha=3))
    assert_same(ours, theirs)


UPDATE_ERRORS = [
    (lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2, 2, dtype=lib.float64), lib.ones(2, 2, dtype=lib.float64)),
     RuntimeError),
    (lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2, 3), lib.ones(2, 2)), RuntimeError),
    (lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2), lib.ones(2, 2)), RuntimeError),
    (lambda lib: lib.addmm(lib.ones(3), lib.ones(2, 2), lib.ones(2, 2)), RuntimeError),
    (lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2, 2), lib.ones(2, 2), beta=1e300), RuntimeError),
    (lambda lib: lib.addmm(lib.ones(2, 2), lib.ones(2, 2), lib.ones(2, 2), beta=1j), RuntimeError),
    (lambda lib: lib.addmm(*(lib.ones(2, 2, dtype=lib.bool),) * 3), NotImplementedError),
    (lambda lib: lib.baddbmm(lib.ones(2, 2, 2), lib.ones(3, 2, 2), lib.ones(3, 2, 2)), RuntimeError),
    (lambda lib: lib.baddbmm(lib.ones(2, 2), lib.ones(2, 2), lib.ones(2, 2, 2)), RuntimeError),
    (lambda lib: lib.addbmm(lib.ones(2, 2), lib.ones(3, 2, 2), lib.ones(2, 2, 2)), RuntimeError),
]


@pytest.mark.parametrize("index", range(len(UPDATE_ERRORS)))
def test_matrix_update_errors_as_pytorch(index):
    call, error = UPDATE_ERRORS[index]
    for lib in (autograd, torch):
        with pytest.raises(error):
            call(lib)


@pytest.mark.parametrize("name", list(UPDATES))
def test_matrix_updates_in_place(name):
    first, second = UPDATES[name]

    def run(lib):
        rng = np.random.default_rng(2)
        out_shape = (first[:-1] if name != "addbmm" else first[1:-1]) + second[-1:]
        x = lib.tensor(rng.standard_normal(out_shape))
        same = getattr(x, name + "_")(lib.tensor(rng.standard_normal(first)), lib.tensor(rng.standard_normal(second)),
                                      beta=0.5, alpha=2.0)
        assert same is x
        return x

    assert_same(*both(run), rtol=1e-12)


# ----- isin -----
ISIN_CASES = [
    (lambda lib: (lib.tensor([1.0, 2.0, nan]), lib.tensor([2.0, nan])), {}),
    (lambda lib: (2, lib.tensor([1, 2])), {}), (lambda lib: (lib.tensor([1, 2]), 2), {}),
    (lambda lib: (lib.tensor([1, 2]), lib.tensor([1.5, 2.0])), {}),
    (lambda lib: (lib.tensor([[1, 2], [3, 4]]), lib.tensor([[1], [3]])), {"invert": True}),
    (lambda lib: (lib.tensor([1, 2]), 2.5), {}), (lambda lib: (lib.tensor([1.0, 2.0]), lib.tensor([])), {}),
    (lambda lib: (lib.tensor([]), lib.tensor([1.0])), {}),
    (lambda lib: (lib.tensor([0.1, 0.2], dtype=lib.float16), 0.1), {}),
    (lambda lib: (lib.tensor([0.1, 0.2], dtype=lib.float32), lib.tensor([0.1], dtype=lib.float64)), {}),
    (lambda lib: (lib.tensor([3, 1, 2]), lib.tensor([1, 2, 5])), {"assume_unique": True}),
]


@pytest.mark.parametrize("index", range(len(ISIN_CASES)))
def test_isin_as_pytorch(index):
    make, kwargs = ISIN_CASES[index]
    ours, theirs = both(lambda lib: lib.isin(*make(lib), **kwargs))
    assert_same(ours, theirs)


@pytest.mark.parametrize("args, error", [((1, 2), TypeError), (("t", [1]), TypeError), (("c", "c"), RuntimeError),
                                         (("b", "b"), RuntimeError)])
def test_isin_bad_arguments(args, error):
    for lib in (autograd, torch):
        named = {"t": lib.tensor([1, 2]), "c": lib.tensor([1 + 1j]), "b": lib.tensor([True, False])}
        with pytest.raises(error):
            lib.isin(*(named.get(a, a) if isinstance(a, str) else a for a in args))
