"""Eleventh adversarial pass (hostile11a) on the session's new ops: integer prod and scatter_reduce('prod') wrap
in their dtype, scatter_reduce('prod')'s per-place gradient and its O(n) forward, float16 scatter sums in float32,
out-of-range fill values, and the smaller dtype, shape, error and keyword differences. PyTorch is the oracle."""
import time
import warnings

import numpy as np
import pytest

import autograd
import nn

torch = pytest.importorskip("torch")

nan, inf = float("nan"), float("inf")
INTS = ("int8", "uint8", "int16", "int32", "int64")


def both(make):
    """make(T) for T = autograd and torch: (ours, torch's)."""
    return make(autograd), make(torch)


def assert_same(ours, theirs):
    """Same dtype, shape and values (NaN, ±inf and signs included)."""
    assert str(ours.dtype).replace("torch.", "") == str(theirs.dtype).replace("torch.", "")
    assert tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_array_equal(ours.detach().numpy(), theirs.detach().numpy())


def assert_all_same(make):
    """make(T) returns a tuple of tensors: each the same in both."""
    ours, theirs = both(make)
    assert len(ours) == len(theirs)
    for mine, torchs in zip(ours, theirs, strict=True):
        assert_same(mine, torchs)


def grads(T, output, inputs):
    return (torch.autograd.grad if T is torch else autograd.grad)(output, inputs)


# S1: integer prod wraps in the requested dtype


@pytest.mark.parametrize("dtype", INTS + ("bool",))
@pytest.mark.parametrize("dim", [None, 0, 1])
def test_integer_prod_wraps_in_the_requested_dtype(dtype, dim):
    values = np.array([[2 ** 20, 7, 200], [2 ** 20, 3, 2]]) if dtype != "bool" else np.array([[1, 1, 0], [1, 1, 1]])

    def make(T):
        x = T.tensor(values.astype(dtype))
        plain = x.prod() if dim is None else x.prod(dim)
        kept = x.prod(dtype=getattr(T, dtype)) if dim is None else x.prod(dim, dtype=getattr(T, dtype))
        return plain, kept

    (plain, kept), (torch_plain, torch_kept) = both(make)
    assert_same(plain, torch_plain)
    assert_same(kept, torch_kept)


@pytest.mark.parametrize("dtype", INTS + ("bool",))
@pytest.mark.parametrize("include_self", [True, False])
def test_integer_scatter_reduce_prod_keeps_the_dtype_and_wraps(dtype, include_self):
    values = np.array([300, 300, 7, 2, 0, 5]) if dtype != "bool" else np.array([1, 0, 1, 1, 1, 1])

    def make(T):
        x = T.tensor(np.array([3, 1, 2]).astype(dtype))
        src = T.tensor(values.astype(dtype))
        return x.scatter_reduce(0, T.tensor([0, 0, 0, 1, 1, 1]), src, "prod", include_self=include_self)

    assert_same(*both(make))


def test_float_prod_is_unchanged_by_the_dtype_fix():
    def make(T):
        x = T.tensor([[1e30, 1e30, 1e-30], [2.5, -3.0, 0.5]])
        return x.prod(1), x.prod(dtype=T.float64), T.tensor([1.5, 2.25], dtype=T.float16).prod()

    assert_all_same(make)


# C4 + S2: scatter_reduce('prod'): PyTorch's per-place gradient, and no dense table


def _scatter_prod_grads(T, x, src, index, include_self):
    x = T.tensor(x, requires_grad=True)
    src = T.tensor(src, requires_grad=True)
    y = x.scatter_reduce(0, T.tensor(index), src, "prod", include_self=include_self)
    g = T.tensor(np.arange(1.0, 1.0 + y.numel(), dtype=np.float32))
    return (y,) + tuple(grads(T, (y * g).sum(), (x, src)))


@pytest.mark.parametrize("case", [
    ([0.0, nan], [2.0, 3.0], [0, 1]),
    ([0.0, inf], [2.0, 3.0], [0, 1]),
    ([1.0, nan, 0.0, -inf], [nan, 2.0, inf, 0.0, 3.0], [0, 1, 2, 2, 3]),
    ([0.0, 5.0, nan, 2.0], [2.0, 3.0, 4.0], [0, 0, 1]),
    ([2.0, 3.0, 4.0], [0.0, 0.0, 5.0, 0.0, 2.0], [0, 0, 1, 2, 2]),
    ([0.0, 0.0, 1.0], [0.0, 3.0, 0.0, 4.0], [0, 1, 1, 2]),
    ([inf, -0.0, 2.0], [0.0, inf, -1.0, nan], [0, 1, 2, 2]),
])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_prod_gradient_is_pytorchs_per_place_rule(case, include_self):
    x, src, index = case
    assert_all_same(lambda T: _scatter_prod_grads(T, x, src, index, include_self))


@pytest.mark.parametrize("seed", range(12))
def test_scatter_reduce_prod_matches_pytorch_on_random_draws(seed):
    rng = np.random.default_rng(seed)
    shape, dim = (3, 4), int(rng.integers(0, 2))
    pool = np.array([0.0, 0.0, 1.5, -2.0, 0.5, 3.0, nan, inf, -1.0])
    x = rng.choice(pool, size=shape).astype(np.float32)
    src_shape = (5, 4) if dim == 0 else (3, 6)
    src = rng.choice(pool, size=src_shape).astype(np.float32)
    index = rng.integers(0, shape[dim], size=src_shape)
    include_self = bool(rng.integers(0, 2))

    def make(T):
        a, s = T.tensor(x, requires_grad=True), T.tensor(src, requires_grad=True)
        y = a.scatter_reduce(dim, T.tensor(index), s, "prod", include_self=include_self)
        return (y,) + tuple(grads(T, y.sum(), (a, s)))

    assert_all_same(make)


def test_scatter_reduce_prod_passes_gradcheck_and_gradgradcheck():
    x = autograd.tensor(np.array([0.5, -1.5, 2.0, 0.7]), requires_grad=True)
    src = autograd.tensor(np.array([1.1, 0.0, -0.8, 1.3, 0.9]), requires_grad=True)
    index = autograd.tensor([0, 1, 1, 3, 0])
    for include_self in (True, False):
        def f(a, s, include_self=include_self):
            return a.scatter_reduce(0, index, s, "prod", include_self=include_self)
        assert autograd.gradcheck(f, (x, src))
        assert autograd.gradgradcheck(f, (x, src))


def test_scatter_reduce_prod_of_many_values_into_one_place_is_fast():
    n = 100_000
    src = np.full(n, 1.0000001, dtype=np.float64)
    start = time.perf_counter()
    x = autograd.ones(n, dtype=autograd.float64, requires_grad=True)
    s = autograd.tensor(src, requires_grad=True)
    y = x.scatter_reduce(0, autograd.zeros(n, dtype=autograd.int64), s, "prod")
    gx, gs = autograd.grad(y.sum(), (x, s))
    assert time.perf_counter() - start < 2.0
    expected = torch.ones(n, dtype=torch.float64).scatter_reduce(
        0, torch.zeros(n, dtype=torch.long), torch.tensor(src), "prod")
    np.testing.assert_allclose(y.detach().numpy(), expected.numpy(), rtol=1e-12)
    assert gx.shape == (n,) and gs.shape == (n,)


def test_float16_scatter_reduce_prod_multiplies_in_float32():
    values = (torch.rand(50, generator=torch.Generator().manual_seed(0)) * 0.2 + 0.95).half().numpy()

    def make(T):
        src = T.tensor(values)
        return T.ones(2, dtype=T.float16).scatter_reduce(0, T.zeros(50, dtype=T.int64), src, "prod")

    assert_same(*both(make))


# S3: float16 scatter sums accumulate in float32, index_add and index_put round every step


@pytest.mark.parametrize("op", ["scatter_add", "sum", "mean", "mean_excluding_self", "legacy_add"])
def test_float16_scatter_sums_accumulate_in_float32(op):
    def make(T):
        x = T.zeros(2, 3, dtype=T.float16)
        src = T.tensor([[2048.0, 1, 1]] + [[1.0, 1, 1]] * 4, dtype=T.float16)
        index = T.tensor([[0, 1, 0]] * 5)
        if op == "scatter_add":
            return x.scatter_add(0, index, src)
        if op == "legacy_add":
            return x.scatter(0, index, src, reduce="add")
        reduce = "mean" if op.startswith("mean") else op
        return x.scatter_reduce(0, index, src, reduce, include_self=op != "mean_excluding_self")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the deprecated reduce= warns, in both)
        assert_same(*both(make))


def test_float16_index_add_and_index_put_still_round_every_step():
    def make(T):
        src = T.tensor([2048.0, 1, 1, 1, 1], dtype=T.float16)
        index = T.zeros(5, dtype=T.int64)
        return (T.zeros(1, dtype=T.float16).index_add(0, index, src),
                T.zeros(1, dtype=T.float16).index_put((index,), src, accumulate=True))

    assert_all_same(make)


# S6: a number that does not fit self's dtype is refused, as PyTorch's checked conversion

FILLS = [
    ("index_fill", lambda T, x, v: x.index_fill(0, T.tensor([1]), v)),
    ("index_fill_", lambda T, x, v: x.index_fill_(0, T.tensor([1]), v)),
    ("index_fill of a 0-d tensor", lambda T, x, v: x.index_fill(0, T.tensor([1]), T.tensor(v))),
    ("scatter", lambda T, x, v: x.scatter(0, T.tensor([1]), v)),
    ("scatter(value=)", lambda T, x, v: x.scatter(0, T.tensor([1]), value=v)),
    ("scatter_", lambda T, x, v: x.scatter_(0, T.tensor([1]), v)),
    ("scatter(reduce='add')", lambda T, x, v: x.scatter(0, T.tensor([1]), v, reduce="add")),
    ("scatter(reduce='multiply')", lambda T, x, v: x.scatter(0, T.tensor([1]), v, reduce="multiply")),
]


@pytest.mark.parametrize("dtype", ["int8", "uint8", "int32", "int64", "float16", "float32", "bool"])
@pytest.mark.parametrize("value", [inf, -inf, nan, 1e20, -129, 255.5, 300, -1, 2.5, True, 70000.0])
@pytest.mark.parametrize("name, write", FILLS, ids=[name for name, _ in FILLS])
def test_a_fill_value_that_does_not_fit_is_refused_as_pytorchs(dtype, value, name, write):
    def make(T):
        return write(T, T.zeros(3, dtype=getattr(T, dtype)), value)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (the deprecated reduce= warns, in both)
        try:
            theirs = make(torch)
        except RuntimeError:
            with pytest.raises(RuntimeError, match="cannot be converted to type"):
                make(autograd)
            return
        assert_same(make(autograd), theirs)


def test_masked_scatter_of_a_number_is_a_type_error():
    with pytest.raises(TypeError, match="'source' must be Tensor"):
        autograd.zeros(3).masked_scatter(autograd.tensor([True, False, False]), 1.0)
    with pytest.raises(TypeError):
        torch.zeros(3).masked_scatter(torch.tensor([True, False, False]), 1.0)


# S7 / S8: dtypes, shapes and refusals of the counting ops, scatter_reduce('mean') on bool, sgn_, channels_last


@pytest.mark.parametrize("dtype", ["float16", "float32", "float64", "int32", "int64", "uint8", "bool"])
@pytest.mark.parametrize("index", [[0, 2, 2], []])
def test_bincount_weights_dtype_is_pytorchs(dtype, index):
    def make(T):
        weights = T.tensor([1, 2, 3][:len(index)]).to(getattr(T, dtype))
        return (T.bincount(T.tensor(index, dtype=T.int64), weights=weights, minlength=2),)

    assert_all_same(make)


@pytest.mark.parametrize("value", [5.0, nan])
def test_unique_of_a_0d_tensor_has_a_0d_inverse(value):
    def make(T):
        x = T.tensor(value)
        return (T.unique(x, return_inverse=True, return_counts=True)
                + T.unique(x, sorted=False, return_inverse=True)
                + T.unique_consecutive(x, return_inverse=True, return_counts=True))

    ours, theirs = both(make)
    for mine, torchs in zip(ours, theirs, strict=True):
        assert mine.shape == tuple(torchs.shape)
        np.testing.assert_array_equal(mine.numpy(), torchs.numpy())


def test_unique_along_a_dim_of_a_0d_tensor_is_an_index_error():
    for op in (autograd.unique, autograd.unique_consecutive):
        with pytest.raises(IndexError, match="no dimensions"):
            op(autograd.tensor(5.0), dim=0)
    with pytest.raises(IndexError):
        torch.unique(torch.tensor(5.0), dim=0)


@pytest.mark.parametrize("sequence, values", [
    ([1.0, 2.0, nan], [1.5, 3.0, nan, -inf, inf, 2.0]),
    ([1.0, 2.0, nan, nan], [1.5, 3.0, nan, inf, 1.0]),
    ([nan, 1.0, 2.0], [0.5, 1.5, nan]),
    ([nan, nan, nan], [0.0, nan]),
    ([-inf, 0.0, inf], [inf, -inf, nan, 0.0]),
    ([], [1.0, nan]),
])
@pytest.mark.parametrize("right", [False, True])
def test_searchsorted_and_bucketize_with_nans_are_pytorchs(sequence, values, right):
    def make(T):
        boundaries, x = T.tensor(sequence), T.tensor(values)
        out = (T.searchsorted(boundaries, x, right=right), T.bucketize(x, boundaries, right=right),
               T.searchsorted(boundaries, x, side="right" if right else "left", out_int32=True))
        rows = T.stack([boundaries, boundaries.flip(0)])
        return out + (T.searchsorted(rows, T.stack([x, x]), right=right),)

    assert_all_same(make)


def test_searchsorted_matches_pytorch_on_random_sorted_rows():
    rng = np.random.default_rng(0)
    rows = np.sort(rng.integers(-5, 5, size=(4, 9)).astype(np.float64), axis=1)
    values = rng.integers(-6, 6, size=(4, 7)).astype(np.float64) / 2
    for right in (False, True):
        assert_all_same(lambda T, r=right: (T.searchsorted(T.tensor(rows), T.tensor(values), right=r),
                                            T.searchsorted(T.tensor(rows[0]), T.tensor(values), right=r)))


def test_searchsorted_in_a_0d_sequence_is_refused():
    for T in (autograd, torch):
        with pytest.raises(RuntimeError, match="positive dimension"):
            T.searchsorted(T.tensor(1.0), T.tensor([1.0]))


@pytest.mark.parametrize("data, low, high", [
    ([1.0, nan, 2.0], 0, 0), ([nan], 0, 0), ([1.0, nan, 2.0], 0, 3), ([nan, 4.0], 2, 2), ([], 0, 0),
])
def test_histc_with_nans_is_pytorchs(data, low, high):
    def make(T):
        return T.histc(T.tensor(data), bins=2, min=low, max=high)

    try:
        theirs = make(torch)
    except RuntimeError:
        with pytest.raises(RuntimeError, match="is not finite"):
            make(autograd)
        return
    assert_same(make(autograd), theirs)


@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_mean_of_bools_is_refused(include_self):
    for T in (autograd, torch):
        with pytest.raises(NotImplementedError, match="not implemented for 'Bool'"):
            T.tensor([True, False]).scatter_reduce(0, T.tensor([0]), T.tensor([True]), "mean",
                                                   include_self=include_self)


def test_sgn_in_place_saves_its_output_as_pytorchs():
    for T in (autograd, torch):
        a = T.tensor([-1.0, 0.5, 2.0], requires_grad=True)
        y = (a * 1).sgn_()
        assert grads(T, y.sum(), a)[0].abs().sum().item() == 0
        y = (a * 1).sgn_()
        y.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            grads(T, y.sum(), a)


def test_contiguous_channels_last_of_a_channels_last_tensor_is_itself():
    for T in (autograd, torch):
        a = T.ones(1, 2, 3, 4).contiguous(memory_format=T.channels_last)
        assert a.contiguous(memory_format=T.channels_last) is a
        assert a.contiguous() is not a
        b = T.ones(1, 2, 3, 4)
        assert b.contiguous(memory_format=T.channels_last) is not b
        assert b.contiguous(memory_format=T.channels_last).is_contiguous(memory_format=T.channels_last)


@pytest.mark.parametrize("value", [[[1.0, 2.0]] * 3, np.ones((3, 2))])
def test_load_state_dict_assign_refuses_what_is_not_a_tensor(value):
    model = nn.Linear(2, 3)
    before = model.weight
    with pytest.raises(RuntimeError, match="expected torch.Tensor"):
        model.load_state_dict({"weight": value, "bias": autograd.zeros(3)}, assign=True)
    assert model.weight is before
    with pytest.raises(RuntimeError, match="expected torch.Tensor"):
        torch.nn.Linear(2, 3).load_state_dict({"weight": value, "bias": torch.zeros(3)}, assign=True)


# C1: bool amax/amin, index_add's and index_copy's errors and 0-d forms, empty writes, diff, keyword names


@pytest.mark.parametrize("reduce", ["amax", "amin", "sum", "prod"])
@pytest.mark.parametrize("dtype", ["bool", "int8", "uint8", "int64", "float16"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_of_bools_and_narrow_integers_is_pytorchs(reduce, dtype, include_self):
    def make(T):
        x = T.tensor([0, 1, 0, 1]).to(getattr(T, dtype))
        src = T.tensor([1, 0, 1, 0, 1]).to(getattr(T, dtype))
        return (x.scatter_reduce(0, T.tensor([0, 1, 1, 2, 2]), src, reduce, include_self=include_self),)

    assert_all_same(make)


@pytest.mark.parametrize("shape, dim, index", [
    ((3,), 0, [3]), ((3,), 0, [-1]), ((3,), 0, [-4]), ((3,), -1, [5]), ((0,), 0, [0]), ((), 0, [1]),
    ((2, 3), 1, [3]), ((2, 3), 0, [-1]),  # (an empty 2-D self: PyTorch does not check; glassgrad refuses)
])
def test_index_add_out_of_range_has_pytorchs_error_type(shape, dim, index):
    source_shape = list(shape)
    if source_shape:
        source_shape[dim] = len(index)
    errors = []
    for T in (autograd, torch):
        with pytest.raises((IndexError, RuntimeError)) as caught:
            T.zeros(shape).index_add(dim, T.tensor(index), T.ones(source_shape))
        errors.append(caught.type)
    assert errors[0] is errors[1]


@pytest.mark.parametrize("shape, dim, index, source", [
    ((3,), 0, 1, ()), ((3,), 0, [1], ()), ((3,), 0, 1, (1,)), ((), 0, 0, ()), ((2, 3), 1, 1, (2, 1)),
])
def test_index_copy_and_index_add_take_0d_index_and_source_as_pytorchs(shape, dim, index, source):
    def make(T):
        values = T.arange(1.0, 1.0 + int(np.prod(source))).reshape(source)
        return (T.zeros(shape).index_copy(dim, T.tensor(index), values),)

    assert_all_same(make)


@pytest.mark.parametrize("shape, dim, index, source", [
    ((3,), 0, [1, 2], ()), ((2, 3), 1, 1, (2,)), ((2, 3), 1, [1], (2,)),
])
def test_index_copy_refuses_what_pytorch_refuses_with_its_error_type(shape, dim, index, source):
    errors = []
    for T in (autograd, torch):
        with pytest.raises((IndexError, RuntimeError)) as caught:
            T.zeros(shape).index_copy(dim, T.tensor(index), T.ones(source))
        errors.append(caught.type)
    assert errors[0] is errors[1]


WRITES_THROUGH_NOTHING = {
    "scatter": lambda T, x, s, i: x.scatter(0, i, s),
    "scatter_add": lambda T, x, s, i: x.scatter_add(0, i, s),
    "scatter_reduce sum": lambda T, x, s, i: x.scatter_reduce(0, i, s, "sum"),
    "scatter_reduce prod": lambda T, x, s, i: x.scatter_reduce(0, i, s, "prod", include_self=False),
    "scatter_reduce amax": lambda T, x, s, i: x.scatter_reduce(0, i, s, "amax"),
    "scatter_reduce mean": lambda T, x, s, i: x.scatter_reduce(0, i, s, "mean"),
    "index_add": lambda T, x, s, i: x.index_add(0, i, s),
    "index_copy": lambda T, x, s, i: x.index_copy(0, i, s),
    "index_put": lambda T, x, s, i: x.index_put((i,), s, accumulate=True),
}


@pytest.mark.parametrize("name", list(WRITES_THROUGH_NOTHING))
def test_the_gradient_of_a_src_written_through_an_empty_index_is_empty_not_missing(name):
    def make(T):
        x = T.tensor([1.0, 2.0, 3.0], requires_grad=True)
        src = T.ones(0, requires_grad=True)
        y = WRITES_THROUGH_NOTHING[name](T, x, src, T.zeros(0, dtype=T.int64))
        return (y,) + tuple(grads(T, (y * T.tensor([1.0, 2.0, 3.0])).sum(), (x, src)))

    assert_all_same(make)


def test_the_in_place_write_through_an_empty_index_keeps_src_in_the_graph():
    x = autograd.zeros(3, requires_grad=True)
    src = autograd.ones(0, requires_grad=True)
    y = x * 1
    y.scatter_add_(0, autograd.zeros(0, dtype=autograd.int64), src)
    gx, gs = autograd.grad(y.sum(), (x, src))
    assert gx.tolist() == [1.0, 1.0, 1.0] and gs.shape == (0,)


@pytest.mark.parametrize("keyword", ["prepend", "append"])
@pytest.mark.parametrize("value", [1.0, 2, [1.0]])
def test_diff_with_a_number_or_a_list_to_join_is_a_type_error(keyword, value):
    for T in (autograd, torch):
        with pytest.raises(TypeError, match=f"'{keyword}' must be Tensor"):
            T.diff(T.ones(3), **{keyword: value})
        with pytest.raises(TypeError, match=f"'{keyword}' must be Tensor"):
            T.ones(3).diff(**{keyword: value})


@pytest.mark.parametrize("call", [
    lambda T: T.zeros(2, 3).transpose_(dim0=0, dim1=1),
    lambda T: T.zeros(2, 3).transpose_(1, dim1=0),
    lambda T: T.zeros(2, 3).swapdims_(dim0=0, dim1=1),
    lambda T: T.zeros(2, 3).swapaxes_(axis0=0, axis1=1),
    lambda T: T.zeros(2, 1).squeeze_(dim=1),
    lambda T: T.zeros(1, 2, 1).squeeze_((0, 2)),
    lambda T: T.zeros(1, 2, 1).squeeze_(),
    lambda T: T.zeros(2).unsqueeze_(dim=0),
    lambda T: T.zeros(2, 3).t_(),
    lambda T: T.div(input=T.tensor([7.0, -7.0]), other=2, rounding_mode="floor"),
    lambda T: T.div(T.tensor([7.0]), other=T.tensor(2.0)),
    lambda T: T.true_divide(T.tensor([7.0]), other=2),
    lambda T: T.true_divide(input=T.tensor([7]), other=2),
    lambda T: T.tensor([7.0]).true_divide(other=2),
])
def test_keyword_names_of_the_new_methods_are_pytorchs(call):
    ours, theirs = both(call)
    assert_same(ours, theirs)


@pytest.mark.parametrize("call, name", [
    (lambda x: x.transpose_(dim=0), "transpose_"), (lambda x: x.swapaxes_(dim0=0, dim1=1), "swapaxes_"),
    (lambda x: x.squeeze_(dimension=0), "squeeze_"), (lambda x: x.unsqueeze_(), "unsqueeze_"), (lambda x: x.t_(0), "t_"),
])
def test_a_bad_call_names_the_users_method(call, name):
    with pytest.raises(TypeError, match=rf"^{name}\(\)"):
        call(autograd.zeros(2, 3))
