"""PyTorch names users reach for, added in session 8 (issue #19's surface): the indexed writes (scatter and its
family, index_add/copy/fill, masked_scatter), div's rounding modes, counting and searching (unique, bincount,
histc, searchsorted, bucketize), cumulative extremes and logcumsumexp, diff, nanmean, nanmedian, the in-place
shape changes and channels_last, and load_state_dict(assign=True): each against PyTorch, gradients by gradcheck."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd

torch = pytest.importorskip("torch")

RNG = np.random.default_rng(0)


def ours(array, requires_grad=False):
    return autograd.tensor(np.array(array)).requires_grad_(requires_grad)


def theirs(array, requires_grad=False):
    return torch.tensor(np.array(array)).requires_grad_(requires_grad)


def same(mine, reference):
    reference = reference.detach().numpy()
    mine = mine.detach().numpy()
    assert mine.dtype == reference.dtype and mine.shape == reference.shape
    if mine.dtype.kind == "f":  # (sums may be taken in another order: scatter_add's repeats first, then self)
        np.testing.assert_allclose(mine, reference, rtol=4 * np.finfo(mine.dtype).eps, atol=0)
    else:
        np.testing.assert_array_equal(mine, reference)


def outcome(call, library):
    """The result of call(library), or the type of the exception it raised."""
    try:
        return call(library)
    except Exception as error:  # noqa: BLE001  (compared with PyTorch's)
        return type(error)


def same_outcome(call):
    """call(autograd) and call(torch) give the same values, or raise the same type of exception."""
    mine, reference = outcome(call, autograd), outcome(call, torch)
    if isinstance(reference, type) or isinstance(mine, type):
        assert mine is reference, (mine, reference)
    else:
        same(mine, reference)


def same_gradients(op, *arrays, grad_out=None):
    """op(ours...) and op(theirs...) give the same values and gradients for each float array."""
    mine = [ours(a, np.asarray(a).dtype.kind == "f") for a in arrays]
    reference = [theirs(a, np.asarray(a).dtype.kind == "f") for a in arrays]
    out_mine, out_reference = op(autograd, *mine), op(torch, *reference)
    same(out_mine, out_reference)
    weights = RNG.standard_normal(out_reference.shape) if grad_out is None else grad_out
    (out_mine * ours(weights)).sum().backward()
    (out_reference * theirs(weights)).sum().backward()
    for m, r in zip(mine, reference, strict=True):
        if r.requires_grad:
            np.testing.assert_allclose(m.grad.numpy(), r.grad.numpy(), rtol=1e-12, atol=1e-12)


# ----- scatter and its family -----
SELF = RNG.standard_normal((3, 4))
INDEX = np.array([[0, 1, 2, 0], [2, 2, 1, 0]])
SRC = RNG.standard_normal((2, 4))
UNIQUE_INDEX = np.array([[0, 1, 2, 0], [2, 2, 1, 1]])  # no place written twice: each src element is differentiable


@pytest.mark.parametrize("dim", [0, 1, -2])
def test_scatter_with_a_src_tensor_matches_pytorch(dim):
    index = INDEX if dim != 1 else np.array([[0, 3], [1, 2], [2, 0]])
    src = SRC if dim != 1 else RNG.standard_normal((3, 2))
    same_gradients(lambda t, x, i, s: t.scatter(x, dim, i, s), SELF, index, src)
    same_gradients(lambda t, x, i, s: x.scatter_add(dim, i, s), SELF, index, src)


def test_scatter_src_larger_than_index_uses_its_leading_part():
    """(PyTorch's backward refuses a src larger than the index, a shape bug of its own: values only here, and
    gradcheck for the gradient.)"""
    src = RNG.standard_normal((3, 5))
    for name in ("scatter", "scatter_add"):
        same(getattr(ours(SELF), name)(0, ours(INDEX), ours(src)), getattr(theirs(SELF), name)(0, theirs(INDEX),
                                                                                            theirs(src)))
    assert autograd.gradcheck(lambda x, s: x.scatter(0, ours(UNIQUE_INDEX), s), (ours(SELF, True), ours(src, True)))
    assert autograd.gradcheck(lambda x, s: x.scatter_add(0, ours(INDEX), s), (ours(SELF, True), ours(src, True)))


def test_scatter_with_a_number():
    same_gradients(lambda t, x, i: x.scatter(1, i, 2.5), SELF, INDEX)
    same_gradients(lambda t, x, i: t.scatter(x, 1, i, value=-1.0), SELF, INDEX)


@pytest.mark.parametrize("reduce", ["add", "multiply"])
def test_scatter_legacy_reduce_values_and_no_gradient(reduce):
    for src in (SRC, 1.5):
        mine = ours(SELF).scatter(0, ours(INDEX), ours(src) if isinstance(src, np.ndarray) else src, reduce=reduce)
        reference = theirs(SELF).scatter(0, theirs(INDEX), theirs(src) if isinstance(src, np.ndarray) else src,
                                         reduce=reduce)
        np.testing.assert_allclose(mine.numpy(), reference.numpy(), rtol=1e-15)
    x = ours(SELF, True)
    out = (x * 1).scatter(0, ours(INDEX), ours(SRC), reduce=reduce)
    with pytest.raises(RuntimeError, match="derivative for aten::scatter is not implemented"):
        out.sum().backward()
    with pytest.raises(RuntimeError, match="reduce argument must be either add or multiply"):
        x.scatter(0, ours(INDEX), ours(SRC), reduce="mean")


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
@pytest.mark.parametrize("include_self", [True, False])
def test_scatter_reduce_matches_pytorch(reduce, include_self):
    x = np.array([[5.0, 0, 2, 3], [4, 5, 6, 7], [5, 2, 1, 3]])
    src = np.array([[5.0, 1, 2, 3], [5, 0, 2, 7]])  # ties with self and among src, and zeros for prod
    same_gradients(lambda t, a, i, s: a.scatter_reduce(0, i, s, reduce, include_self=include_self), x, INDEX, src)
    same_gradients(lambda t, a, i, s: t.scatter_reduce(a, 1, i, s, reduce, include_self=include_self), x, INDEX, src)


@pytest.mark.parametrize("reduce", ["sum", "prod", "mean", "amax", "amin"])
def test_scatter_reduce_gradcheck_and_integers(reduce):
    x = ours(RNG.uniform(0.5, 2, (3, 4)), True)
    src = ours(RNG.uniform(0.5, 2, (2, 4)), True)
    assert autograd.gradcheck(lambda a, s: a.scatter_reduce(0, ours(INDEX), s, reduce), (x, src))
    ints = RNG.integers(-9, 9, (3, 4))
    int_src = RNG.integers(-9, 9, (2, 4))
    for include_self in (True, False):
        same(ours(ints).scatter_reduce(0, ours(INDEX), ours(int_src), reduce, include_self=include_self),
             theirs(ints).scatter_reduce(0, theirs(INDEX), theirs(int_src), reduce, include_self=include_self))


def test_scatter_reduce_amax_with_nan_gives_nan_gradients_as_pytorch():
    x = np.array([[1.0, np.nan], [2.0, 3.0]])
    src = np.array([[np.nan, 1.0]])
    same_gradients(lambda t, a, i, s: a.scatter_reduce(0, i, s, "amax"), x, np.array([[1, 0]]), src,
                   grad_out=np.ones((2, 2)))


def test_scatter_family_gradcheck():
    x, src = ours(RNG.standard_normal((3, 4)), True), ours(RNG.standard_normal((2, 4)), True)
    index = ours(INDEX)
    assert autograd.gradcheck(lambda a, s: a.scatter(0, ours(UNIQUE_INDEX), s), (x, src))
    assert autograd.gradcheck(lambda a, s: a.scatter_add(1, index[:, :3], s), (x, src))
    assert autograd.gradgradcheck(lambda a, s: a.scatter_add(1, index[:, :3], s) ** 2, (x, src))
    assert autograd.gradgradcheck(lambda a, s: a.scatter_reduce(0, index, s, "amax") ** 2, (x, src))


def test_scatter_in_place_forms_match_pytorch():
    for name, args in (("scatter_", (0, INDEX, SRC)), ("scatter_add_", (0, INDEX, SRC)),
                       ("scatter_reduce_", (0, INDEX, SRC, "amax"))):
        w_mine, w_reference = ours(SELF, True), theirs(SELF, True)
        s_mine, s_reference = ours(SRC, True), theirs(SRC, True)
        a, b = w_mine * 2, w_reference * 2
        mine_args = [ours(v) if isinstance(v, np.ndarray) and v is not SRC else v for v in args]
        reference_args = [theirs(v) if isinstance(v, np.ndarray) and v is not SRC else v for v in args]
        mine_args[2], reference_args[2] = s_mine, s_reference
        assert getattr(a, name)(*mine_args) is a
        getattr(b, name)(*reference_args)
        same(a, b)
        (a * a).sum().backward()
        (b * b).sum().backward()
        np.testing.assert_allclose(w_mine.grad.numpy(), w_reference.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(s_mine.grad.numpy(), s_reference.grad.numpy(), rtol=1e-12)
    leaf = ours(SELF, True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        leaf.scatter_(0, ours(INDEX), 1.0)


def test_scatter_bad_inputs_fail_as_pytorch():
    calls = [
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([[0.0, 1.0]]), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([[0, 1]]), t.ones(1, 2, dtype=t.float64)),
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([[0, 5]]), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([[0, -4]]), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([0, 1]), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter(0, t.zeros(5, 1, dtype=t.int64), t.ones(5, 4)),
        lambda t: t.zeros(3, 4).scatter(0, t.zeros(1, 3, dtype=t.int64), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter(0, t.tensor([[0, -1]]), t.ones(1, 2)),
        lambda t: t.zeros(3, 4).scatter_add(0, t.tensor([[0, 1]]), t.ones(1, 2, dtype=t.float64)),
        lambda t: t.zeros(3, 4).scatter_reduce(0, t.tensor([[0, 1]]), t.ones(1, 2), "max"),
        lambda t: t.zeros(()).scatter(0, t.tensor(0), t.tensor(5.0)),
        lambda t: t.zeros(()).scatter_add(0, t.tensor([0]), t.tensor([5.0])),
        lambda t: t.zeros(3).scatter(0, t.tensor(1), t.tensor(5.0)),
        lambda t: t.zeros(3).scatter(0, t.tensor([], dtype=t.int64), t.tensor([5.0])),
    ]
    for call in calls:
        same_outcome(call)


# ----- index_add, index_copy, index_fill, masked_scatter -----
@pytest.mark.parametrize("dim", [0, 1])
def test_index_add_copy_fill_match_pytorch(dim):
    index = np.array([2, 0, 2]) if dim == 0 else np.array([3, 1, 3])
    source = RNG.standard_normal((3, 4) if dim == 0 else (3, 3))
    same_gradients(lambda t, x, i, s: x.index_add(dim, i, s), SELF, index, source)
    same_gradients(lambda t, x, i, s: t.index_add(x, dim, i, s, alpha=-2.0), SELF, index, source)  # (exact product)
    unique = np.array([2, 0]) if dim == 0 else np.array([3, 1])
    same_gradients(lambda t, x, i, s: x.index_copy(dim, i, s), SELF, unique, source[:2] if dim == 0 else source[:, :2])
    same_gradients(lambda t, x, i: x.index_fill(dim, i, -1.5), SELF, index)
    same_gradients(lambda t, x, i: x.index_fill(dim, i, -1.5), SELF, np.array([-1, 0]))
    same_gradients(lambda t, x, i, v: t.index_fill(x, dim, i, v), SELF, index, np.array(0.5))


def test_masked_scatter_matches_pytorch():
    mask = RNG.random((3, 4)) > 0.5
    source = RNG.standard_normal(12)
    same_gradients(lambda t, x, m, s: x.masked_scatter(m, s), SELF, mask, source)
    same_gradients(lambda t, x, m, s: x.masked_scatter(m, s), SELF, mask[0], source)  # the mask broadcast
    same_gradients(lambda t, x, m, s: x.masked_scatter(m, s), SELF[:1], mask, source)  # self broadcast
    assert autograd.gradcheck(lambda x, s: x.masked_scatter(ours(mask), s),
                              (ours(SELF, True), ours(source.reshape(3, 4), True)))


def test_index_in_place_forms_match_pytorch():
    for name, args in (("index_add_", (1, [3, 1, 3], RNG.standard_normal((3, 3)))),
                       ("index_copy_", (0, [2, 0], RNG.standard_normal((2, 4)))),
                       ("index_fill_", (1, [0, 2], 7.0)),
                       ("masked_scatter_", (SELF > 0, RNG.standard_normal(12)))):
        mine = [ours(a) if isinstance(a, list | np.ndarray) else a for a in args]
        reference = [theirs(a) if isinstance(a, list | np.ndarray) else a for a in args]
        a, b = ours(SELF), theirs(SELF)
        assert getattr(a, name)(*mine) is a
        getattr(b, name)(*reference)
        same(a, b)


def test_index_writes_bad_inputs_fail_as_pytorch():
    calls = [
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([0, 5]), t.ones(2, 4)),
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([0, 1]), t.ones(3, 4)),
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([0, 1]), t.ones(2, 5)),
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([[0, 1]]), t.ones(2, 4)),
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([0.0, 1.0]), t.ones(2, 4)),
        lambda t: t.zeros(3, 4).index_add(0, t.tensor([0, 1]), t.ones(2, 4, dtype=t.float64)),
        lambda t: t.zeros(3, 4).index_copy(0, t.tensor([0, 5]), t.ones(2, 4)),
        lambda t: t.zeros(3, 4).index_fill(0, t.tensor([0, 5]), 1.0),
        lambda t: t.zeros(3, 4).index_fill(0, t.tensor([0, -4]), 1.0),
        lambda t: t.zeros(3, 4).index_add(1, t.tensor([0, -1]), t.ones(3, 2)),
        lambda t: t.zeros(3, 4).index_copy(1, t.tensor([0, -1]), t.ones(3, 2)),
        lambda t: t.zeros(()).index_fill(0, t.tensor([0]), 5.0),
        lambda t: t.zeros(()).index_copy(0, t.tensor([0]), t.tensor(5.0)),
        lambda t: t.zeros(3, 4).index_fill(0, t.tensor([0, 1]), t.tensor([1.0, 2.0])),
        lambda t: t.zeros(3, 4).masked_scatter(t.ones(3, 4) > 0, t.ones(5)),
        lambda t: t.zeros(3, 4).masked_scatter(t.ones(3, 4), t.ones(12)),
        lambda t: t.zeros(3, 4).masked_scatter(t.ones(3, 4) > 0, t.ones(12, dtype=t.float64)),
        lambda t: t.zeros(3).index_add(0, t.tensor([1]), t.tensor([5.0]), alpha=2),
        lambda t: t.zeros(()).index_add(0, t.tensor([0]), t.tensor(5.0)),
        lambda t: t.zeros(3, 1).masked_scatter_(t.ones(3, 4) > 0, t.ones(12)),
        lambda t: t.zeros(()).index_add(0, t.tensor([0, 0]), t.ones(())),
        lambda t: t.zeros(()).index_add(0, t.tensor([0]), t.ones(1)),
        lambda t: t.zeros(()).index_copy(0, t.tensor([], dtype=t.int64), t.ones(())),
        lambda t: t.zeros(()).index_fill(0, t.tensor([0, -1]), 2.0),
        lambda t: t.zeros(1).index_copy(0, t.tensor([0, 0]), t.ones(1)),
        lambda t: t.zeros(0).index_add(0, t.tensor([0]), t.ones(1)),
        lambda t: t.zeros(0).index_copy(0, t.tensor([0]), t.ones(1)),
    ]
    for call in calls:
        same_outcome(call)


# ----- div's rounding modes -----
@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_div_rounding_modes_match_pytorch(mode):
    a = np.array([5.0, -7.0, 3.5, -0.0, 1.0, np.inf, np.nan])
    b = np.array([2.0, 2.0, -1.5, 3.0, 0.0, 2.0, 1.0])
    same_gradients(lambda t, x, y: t.div(x, y, rounding_mode=mode), a, b, grad_out=np.ones(7))
    same_gradients(lambda t, x, y: x.div(y, rounding_mode=mode), a, b, grad_out=np.ones(7))
    ints = np.array([5, -7, 7, -8, 0])
    for divisor in (2, -3, np.array([3, 3, -2, 3, 5])):
        same(autograd.div(ours(ints), ours(divisor) if isinstance(divisor, np.ndarray) else divisor,
                          rounding_mode=mode),
             torch.div(theirs(ints), theirs(divisor) if isinstance(divisor, np.ndarray) else divisor,
                       rounding_mode=mode))
    same(autograd.div(ours(ints), 2.5, rounding_mode=mode), torch.div(theirs(ints), 2.5, rounding_mode=mode))
    x, y = ours(ints), theirs(ints)
    x.div_(2, rounding_mode=mode)
    y.div_(2, rounding_mode=mode)
    same(x, y)
    assert repr(autograd.div(ours(a, True), 2.0, rounding_mode=mode).grad_fn) == "<DivBackward2>"


def test_div_bad_rounding_mode_and_integer_zero_division():
    for call in (lambda t: t.div(t.ones(2), 2.0, rounding_mode="round"),
                 lambda t: t.div(t.tensor([1, 2]), 0, rounding_mode="floor"),
                 lambda t: t.div(t.tensor([1, 2]), t.tensor([1, 0]), rounding_mode="trunc")):
        assert outcome(call, autograd) is outcome(call, torch) is RuntimeError


def test_true_divide_floor_divide_and_div_agree_with_pytorch():
    a, b = np.array([5, -7, 9]), np.array([2, 2, -4])
    for name in ("true_divide", "div", "floor_divide", "remainder", "fmod"):
        same(getattr(autograd, name)(ours(a), ours(b)), getattr(torch, name)(theirs(a), theirs(b)))
        same(getattr(ours(a), name)(ours(b)), getattr(theirs(a), name)(theirs(b)))
    same(autograd.div(ours(a), ours(b), rounding_mode="floor"), torch.floor_divide(theirs(a), theirs(b)))
    x, y = ours(a * 1.0), theirs(a * 1.0)
    x.true_divide_(ours(b * 1.0))
    y.true_divide_(theirs(b * 1.0))
    same(x, y)


# ----- in-place shape changes, resize_, memory formats -----
@pytest.mark.parametrize("name, args", [("t_", ()), ("transpose_", (0, 1)), ("swapdims_", (1, 0)), ("squeeze_", ()),
                                        ("unsqueeze_", (1,)), ("squeeze_", (0,))])
def test_in_place_shape_changes_match_pytorch(name, args):
    start = RNG.standard_normal((1, 3)) if name == "squeeze_" else RNG.standard_normal((2, 3))
    w_mine, w_reference = ours(start, True), theirs(start, True)
    a, b = w_mine * 2, w_reference * 2
    assert getattr(a, name)(*args) is a
    getattr(b, name)(*args)
    same(a, b)
    assert a.stride() == b.stride() and a.is_contiguous() == b.is_contiguous()
    (a * theirs_like(b)).sum().backward()
    (b * b.detach()).sum().backward()
    np.testing.assert_allclose(w_mine.grad.numpy(), w_reference.grad.numpy())
    leaf = ours(start, True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        getattr(leaf, name)(*args)


def theirs_like(reference):
    return ours(reference.detach().numpy())


def test_in_place_shape_change_bumps_the_version_as_pytorch():
    w = ours(RNG.standard_normal((2, 3)), True)
    a = w * 2
    b = a * a  # saves a
    a.t_()
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        b.sum().backward()


def test_a_retained_grad_after_t_has_the_new_shape_a_deliberate_difference():
    w = ours(np.ones((2, 3)), True)
    a = w * 2
    a.retain_grad()
    a.t_()
    (a * ours(np.arange(6.0).reshape(3, 2))).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), np.arange(6.0).reshape(3, 2))  # PyTorch: its transpose, (2, 3)
    np.testing.assert_array_equal(w.grad.numpy(), 2 * np.arange(6.0).reshape(3, 2).T)


def test_in_place_shape_change_of_a_view_is_refused_clearly():
    x = ours(np.zeros((2, 3)))
    with pytest.raises(RuntimeError, match="cannot change the shape of a view in place"):
        x[0].unsqueeze_(0)
    with pytest.raises(RuntimeError, match="t\\(\\) expects a tensor with <= 2 dimensions"):
        ours(np.zeros((2, 3, 4))).t_()


def test_resize_keeps_the_same_size_and_refuses_the_rest():
    x = ours(np.zeros((2, 3)))
    assert x.resize_(2, 3) is x and x.resize_((2, 3)) is x and x.resize_as_(ours(np.ones((2, 3)))) is x
    with pytest.raises(RuntimeError, match="does not resize"):
        x.resize_(6)
    for library in (autograd, torch):
        with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
            library.ones(2, 3, requires_grad=True).resize_(6)


def test_channels_last_is_accepted_where_harmless():
    start = RNG.standard_normal((2, 3, 4, 5))
    for method in ("contiguous", "clone", "to"):
        mine = getattr(ours(start), method)(memory_format=autograd.channels_last)
        reference = getattr(theirs(start), method)(memory_format=torch.channels_last)
        same(mine, reference)
        assert mine.stride() == reference.stride()
        assert mine.is_contiguous() is reference.is_contiguous() is False
        assert mine.is_contiguous(memory_format=autograd.channels_last)
    x = ours(start, True)
    assert autograd.gradcheck(lambda t: t.contiguous(memory_format=autograd.channels_last) * 2, (x,))
    assert ours(start).to(memory_format=autograd.contiguous_format).is_contiguous()
    with pytest.raises(RuntimeError, match="required rank 4 tensor to use channels_last format"):
        ours(np.zeros((2, 3))).contiguous(memory_format=autograd.channels_last)
    with pytest.raises(TypeError, match="memory_format"):
        ours(np.zeros((2, 3))).contiguous(memory_format="sideways")


# ----- counting and searching -----
NAN = float("nan")


def same_results(mine, reference):
    """Tensors or tuples (namedtuples) of them, equal with their dtypes."""
    if isinstance(reference, tuple):
        assert isinstance(mine, tuple) and len(mine) == len(reference)
        for m, r in zip(mine, reference, strict=True):
            same(m, r)
    else:
        same(mine, reference)


UNIQUE_CALLS = [
    lambda t: t.unique(t.tensor([3.0, 1, 2, 3, NAN, 1, NAN])),
    lambda t: t.unique(t.tensor([3.0, 1, 2, 3, NAN, 1, NAN]), return_inverse=True, return_counts=True),
    lambda t: t.tensor([[1, 2], [1, 2], [0, 5]]).unique(dim=0, return_inverse=True, return_counts=True),
    lambda t: t.tensor([[1, 2], [1, 2], [0, 5]]).unique(dim=1, return_inverse=True),
    lambda t: t.tensor([[1, 2], [1, 2], [0, 5]]).unique(return_inverse=True),
    lambda t: t.unique(t.tensor([3, 1, 2, 1]), sorted=False, return_counts=True),
    lambda t: t.unique(t.tensor([], dtype=t.int64), return_inverse=True, return_counts=True),
    lambda t: t.unique(t.tensor([True, False, True]), return_counts=True),
    lambda t: t.unique_consecutive(t.tensor([1, 1, 2, 2, 3, 1, 1, 2]), return_inverse=True, return_counts=True),
    lambda t: t.tensor([[1, 2], [1, 2], [0, 5], [1, 2]]).unique_consecutive(dim=0, return_counts=True,
                                                                         return_inverse=True),
    lambda t: t.tensor([[1, 1], [2, 2]]).unique_consecutive(return_inverse=True),
    lambda t: t.unique(t.tensor([[1, 2]]), dim=2),
    lambda t: t.unique_consecutive(t.zeros(0, dtype=t.int64), return_inverse=True, return_counts=True),
    lambda t: t.unique(t.zeros(0, 2, dtype=t.int64), dim=1, return_inverse=True, return_counts=True),
    lambda t: t.unique(t.zeros(0, 0, dtype=t.int64), dim=0),
    lambda t: t.unique(t.zeros(0, 2, dtype=t.int64), dim=0, return_inverse=True, return_counts=True),
    lambda t: t.unique_consecutive(t.zeros(3, 0, dtype=t.int64), dim=0),
]


@pytest.mark.parametrize("call", UNIQUE_CALLS)
def test_unique_and_unique_consecutive_match_pytorch(call):
    mine, reference = outcome(call, autograd), outcome(call, torch)
    if isinstance(reference, type):
        assert mine is reference
    else:
        same_results(mine, reference)


BINCOUNT_HISTC_CALLS = [
    lambda t: t.bincount(t.tensor([0, 1, 1, 3])),
    lambda t: t.tensor([0, 1, 1, 3]).bincount(t.tensor([0.5, 1, 1, 2]), minlength=6),
    lambda t: t.bincount(t.tensor([0, 1, 1, 3]), weights=t.tensor([0.5, 1, 1, 2], dtype=t.float64)),
    lambda t: t.bincount(t.tensor([0, 1, 1, 3]), weights=t.tensor([1, 1, 1, 2])),
    lambda t: t.bincount(t.tensor([0, -1])),
    lambda t: t.bincount(t.tensor([[0, 1]])),
    lambda t: t.bincount(t.tensor([0.0, 1.0])),
    lambda t: t.bincount(t.tensor([], dtype=t.int64)),
    lambda t: t.bincount(t.tensor([], dtype=t.int64), minlength=3),
    lambda t: t.bincount(t.tensor([1, 2]), minlength=-1),
    lambda t: t.bincount(t.tensor([1, 2]), weights=t.tensor([1.0])),
    lambda t: t.histc(t.tensor([1.0, 2, 1, 4, NAN]), bins=4, min=0, max=3),
    lambda t: t.tensor([1.0, 2, 1, 4]).histc(bins=4),
    lambda t: t.histc(t.tensor([1.0, 1.0]), bins=4),
    lambda t: t.histc(t.tensor([0.1, 0.2, 0.3, 0.7, 0.9, 1.0]), bins=10, min=0.1, max=1.0),
    lambda t: t.histc(t.tensor([0.1, 0.2, 0.3], dtype=t.float64), bins=3),
    lambda t: t.histc(t.tensor([1, 2]), bins=4),
    lambda t: t.histc(t.tensor([1.0, 2.0]), bins=4, min=3, max=1),
    lambda t: t.histc(t.tensor([1.0, 2.0]), bins=0),
    lambda t: t.histc(t.tensor([1.0, 2.0, float("inf")]), bins=4),
]


@pytest.mark.parametrize("call", BINCOUNT_HISTC_CALLS)
def test_bincount_and_histc_match_pytorch(call):
    same_outcome(call)


def test_histc_on_random_data_matches_pytorch():
    for dtype in (np.float32, np.float64):
        data = RNG.standard_normal(1000).astype(dtype)
        for bins, low, high in ((7, 0, 0), (13, -1.5, 2.0), (100, -3, 3)):
            same(autograd.histc(ours(data), bins, low, high), torch.histc(theirs(data), bins, low, high))


SEQUENCE = [1.0, 3, 5, 7, 9]
SEARCH_CALLS = [
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([[3.0, 6, 9], [0, 10, 5]])),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([[3.0, 6, 9], [0, 10, 5]]), right=True, out_int32=True),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([3.0, 6]), side="right"),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([3.0, 6]), side="left", right=True),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([3.0, 6]), side="middle"),
    lambda t: t.searchsorted(t.tensor([[1.0, 3], [2, 4]]), t.tensor([[2.0], [3]])),
    lambda t: t.searchsorted(t.tensor([[1.0, 3], [2, 4]]), t.tensor([2.0, 3])),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), 4.0),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor(4.0)),
    lambda t: t.searchsorted(t.tensor([5.0, 1, 3]), t.tensor([2.0, 4]), sorter=t.tensor([1, 2, 0])),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([4, 6])),
    lambda t: t.searchsorted(t.tensor(SEQUENCE), t.tensor([NAN, 3.0])),
    lambda t: t.bucketize(t.tensor([[3.0, 6, 9], [0, 10, 5]]), t.tensor(SEQUENCE)),
    lambda t: t.bucketize(t.tensor([3.0, 6, 9]), t.tensor(SEQUENCE), right=True, out_int32=True),
    lambda t: t.bucketize(4.0, t.tensor(SEQUENCE)),
    lambda t: t.bucketize(t.tensor([3.0]), t.tensor([[1.0, 2]])),
]


@pytest.mark.parametrize("call", SEARCH_CALLS)
def test_searchsorted_and_bucketize_match_pytorch(call):
    same_outcome(call)


@pytest.mark.parametrize("call", [
    lambda t, x: t.unique(x), lambda t, x: t.unique(x, dim=0), lambda t, x: t.unique_consecutive(x),
    lambda t, x: t.bincount(t.tensor([0, 1, 1]), x), lambda t, x: t.histc(x, 3),
    lambda t, x: t.searchsorted(x, x), lambda t, x: t.bucketize(x, t.tensor([1.5]))])
def test_counting_results_require_grad_and_refuse_backward_where_pytorchs_do(call):
    mine, reference = call(autograd, ours([1.0, 2.0, 2.0], True)), call(torch, theirs([1.0, 2.0, 2.0], True))
    assert mine.requires_grad == reference.requires_grad
    with pytest.raises(Exception) as raised:  # noqa: B017  (the type is compared with PyTorch's below)
        mine.sum().backward()
    with pytest.raises(raised.type):
        reference.sum().backward()
    with autograd.no_grad():
        assert not call(autograd, ours([1.0, 2.0, 2.0], True)).requires_grad


# ----- cumulative extremes, logcumsumexp, diff -----
@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_cummax_cummin_match_pytorch(name):
    for data in ([1.0, 3, 2, 3, NAN, 5, 1, NAN, 0], RNG.standard_normal((3, 5)), [[1, 1, 0, 1], [2, 0, 0, 3]],
                 [True, False, True], 2.5):
        for dim in ((0, -1) if np.ndim(data) else (0,)):
            mine, reference = getattr(ours(data), name)(dim), getattr(torch, name)(theirs(data), dim)
            same_results(mine, reference)
            assert type(mine).__name__ == name and mine.values is mine[0]
    same_gradients(lambda t, x: getattr(t, name)(x, 1).values, RNG.integers(0, 3, (3, 6)) * 1.0)
    same_gradients(lambda t, x: getattr(t, name)(x, 0).values, np.array([1.0, 3, 2, 3, NAN, 5, NAN, 0]))
    assert autograd.gradcheck(lambda x: getattr(x, name)(0).values, (ours(RNG.standard_normal((4, 3)), True),))


def test_logcumsumexp_matches_pytorch():
    for data in ([1.0, 1000, -1000, -np.inf, NAN], [-np.inf, -np.inf], [np.inf, 1.0], RNG.standard_normal((3, 4)) * 50):
        for dtype in (np.float32, np.float64):
            array = np.array(data, dtype=dtype)
            np.testing.assert_allclose(autograd.logcumsumexp(ours(array), 0).numpy(),
                                       torch.logcumsumexp(theirs(array), 0).numpy(), rtol=2e-7)
    same_outcome(lambda t: t.logcumsumexp(t.tensor([1, 2]), 0))
    data = RNG.standard_normal((3, 5)) * 3
    for dim in (0, 1):
        mine, reference = ours(data, True), theirs(data, True)
        weights = RNG.standard_normal((3, 5))  # gradients of both signs
        (mine.logcumsumexp(dim) * ours(weights)).sum().backward()
        (reference.logcumsumexp(dim) * theirs(weights)).sum().backward()
        np.testing.assert_allclose(mine.grad.numpy(), reference.grad.numpy(), rtol=1e-10)
    x = ours(RNG.standard_normal((3, 4)), True)
    assert autograd.gradcheck(lambda t: t.logcumsumexp(1), (x,))
    assert autograd.gradgradcheck(lambda t: t.logcumsumexp(0), (x,))
    big = ours([1000.0, 1001.0, -1000.0], True)
    big.logcumsumexp(0).sum().backward()
    assert np.all(np.isfinite(big.grad.numpy()))


DIFF_CALLS = [
    lambda t: t.diff(t.tensor([[1, 3, 6], [2, 2, 9]]), dim=-1),
    lambda t: t.tensor([[1, 3, 6], [2, 2, 9]]).diff(dim=0),
    lambda t: t.diff(t.tensor([[1, 3, 6], [2, 2, 9]]), n=2, prepend=t.tensor([[0], [0]]),
                     append=t.tensor([[1, 1], [1, 1]])),
    lambda t: t.diff(t.tensor([True, False, False])),
    lambda t: t.diff(t.tensor([1, 3]), n=0),
    lambda t: t.diff(t.tensor([1, 3]), n=-1),
    lambda t: t.diff(t.tensor([1, 3]), n=5),
    lambda t: t.diff(t.tensor(3.0)),
    lambda t: t.diff(t.tensor([1.0, 3]), prepend=t.tensor(0.0)),
    lambda t: t.diff(t.tensor([1.0, 3]), dim=1),
]


@pytest.mark.parametrize("call", DIFF_CALLS)
def test_diff_matches_pytorch(call):
    same_outcome(call)


def test_diff_gradients():
    same_gradients(lambda t, x, p: t.diff(x, n=2, dim=0, prepend=p), RNG.standard_normal((4, 3)),
                   RNG.standard_normal((1, 3)))
    assert autograd.gradcheck(lambda x: x.diff(n=3), (ours(RNG.standard_normal((2, 6)), True),))


# ----- nanmean, nanmedian -----
NAN_DATA = np.array([[1.0, NAN, 3, 2], [NAN, NAN, NAN, NAN], [4, NAN, 2, NAN], [5, 6, 7, 8]])


def test_nanmean_matches_pytorch():
    for dim, keepdim in ((None, False), (1, False), (0, True), ((0, 1), False)):
        same_gradients(lambda t, x, d=dim, k=keepdim: t.nanmean(x, d, k), NAN_DATA[[0, 2, 3]])
        same(ours(NAN_DATA).nanmean(dim, keepdim), theirs(NAN_DATA).nanmean(dim, keepdim))
    same_outcome(lambda t: t.nanmean(t.tensor([1, 2])))
    same_outcome(lambda t: t.nanmean(t.tensor([1.0, 2, NAN]), dtype=t.float64))
    same_outcome(lambda t: t.nanmean(t.tensor([1, 2]), dtype=t.float64))
    clean = RNG.standard_normal((3, 4))
    assert autograd.gradcheck(lambda x: x.nanmean(1), (ours(clean, True),))


def test_nanmean_gradient_where_all_are_nan_is_zero_a_deliberate_difference():
    x = ours([[1.0, NAN], [NAN, NAN]], True)
    x.nanmean(1).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[1.0, 0.0], [0.0, 0.0]])  # PyTorch: [[1, 0], [nan, nan]]


def test_nanmedian_matches_pytorch():
    for data in (NAN_DATA, RNG.integers(0, 5, (3, 5)), np.array(2.5)):
        for dim in ((None,) if np.ndim(data) == 0 else (None, 0, 1)):
            mine = ours(data).nanmedian() if dim is None else ours(data).nanmedian(dim)
            reference = theirs(data).nanmedian() if dim is None else theirs(data).nanmedian(dim)
            if dim is not None and np.isnan(data).all(axis=dim).any():  # an all-NaN line: some NaN's index
                same(mine.values, reference.values)
                continue
            same_results(mine, reference)
    rows = NAN_DATA[[0, 2, 3]]
    same_gradients(lambda t, x: t.nanmedian(x, 1, keepdim=True).values, rows)
    same_gradients(lambda t, x: t.nanmedian(x), rows, grad_out=np.array(1.0))
    same_gradients(lambda t, x: t.nanmedian(x), np.array([1.0, 2, 2, NAN]), grad_out=np.array(1.0))  # a tie
    same_outcome(lambda t: t.nanmedian(t.tensor([True, False])))
    same_outcome(lambda t: t.nanmedian(t.tensor([])))
    same_outcome(lambda t: t.nanmedian(t.zeros(0, 3), 0))


# ----- load_state_dict(assign=True) -----
def test_load_state_dict_assign_matches_pytorch():
    import nn

    for library, module_library in ((autograd, nn), (torch, torch.nn)):
        model = module_library.Sequential(module_library.Linear(2, 3), module_library.BatchNorm1d(3))
        model[0].bias.requires_grad_(False)
        state = {key: (value.detach() * 0 + 1).to(library.float64) if value.dtype == library.float32 else value * 0 + 2
                 for key, value in model.state_dict().items()}
        result = model.load_state_dict(state, assign=True)
        assert list(result.missing_keys) == list(result.unexpected_keys) == []
        weight, bias, mean = model[0].weight, model[0].bias, model[1].running_mean
        assert isinstance(weight, module_library.Parameter) and weight.dtype == library.float64
        assert weight.requires_grad and not bias.requires_grad  # each keeps the replaced one's requires_grad
        assert mean is state["1.running_mean"] and not isinstance(mean, module_library.Parameter)
        assert int(model[1].num_batches_tracked) == 2
        state["0.weight"].add_(1)  # the memory is the checkpoint's
        assert float(weight.detach()[0, 0]) == 2.0
        assert [p is q for p, q in zip(model.parameters(), (weight, bias, model[1].weight, model[1].bias),
                                       strict=True)] == [True] * 4


def test_load_state_dict_assign_still_checks_every_entry_first():
    import nn

    model = nn.Linear(2, 3)
    weight = model.weight
    with pytest.raises(RuntimeError, match="size mismatch for weight"):
        model.load_state_dict({"weight": autograd.zeros(2, 2), "bias": autograd.zeros(3)}, assign=True)
    with pytest.raises(RuntimeError, match="missing keys: bias"):
        model.load_state_dict({"weight": autograd.zeros(3, 2)}, assign=True)
    assert model.weight is weight
    model.load_state_dict({"weight": autograd.zeros(3, 2)}, strict=False, assign=True)
    assert model.weight is not weight and float(model.weight.detach().abs().sum()) == 0.0


# ----- take, take_along_dim, index_put, put -----
TAKE_CALLS = [
    lambda t: t.take(t.arange(6.0).reshape(2, 3), t.tensor([[0, -1], [5, 2]])),
    lambda t: t.take(t.arange(6.0).reshape(2, 3), t.tensor([6])),
    lambda t: t.take(t.arange(6.0).reshape(2, 3), t.tensor([-7])),
    lambda t: t.take(t.arange(6.0).reshape(2, 3), t.tensor([1.0])),
    lambda t: t.take_along_dim(t.arange(6.0).reshape(2, 3), t.tensor([[0], [2]]), 1),
    lambda t: t.take_along_dim(t.arange(6.0).reshape(2, 3), t.tensor([[0, 2]]), 1),
    lambda t: t.arange(6.0).reshape(2, 3).take_along_dim(t.tensor([0, 5])),
    lambda t: t.take_along_dim(t.arange(6.0).reshape(2, 3), t.tensor([[-1]]), 1),
    lambda t: t.take_along_dim(t.arange(6.0).reshape(2, 3), t.tensor([[0]]), 2),
    lambda t: t.take_along_dim(t.arange(6.0).reshape(2, 3), t.tensor([0]), 1),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([0, 0]),), t.tensor(1.0), accumulate=True),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([0, 0]), t.tensor([1, 1])), t.tensor([1.0, 2]),
                                                    accumulate=True),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([0, 0]),), t.tensor([1.0, 2])),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([True, False]),), t.tensor(5.0)),
    lambda t: t.arange(6.0).reshape(2, 3).index_put([t.tensor([0])], t.tensor(5.0)),
    lambda t: t.arange(6.0).reshape(2, 3).index_put(t.tensor([0]), t.tensor(5.0)),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([0]),), 5.0),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([0]),), t.ones(2, 3, 3)),
    lambda t: t.arange(6.0).reshape(2, 3).index_put((t.tensor([1]),), t.tensor([7, 8, 9])),
    lambda t: t.arange(6.0).reshape(2, 3).put(t.tensor([0, -1]), t.tensor([9.0, 8])),
    lambda t: t.arange(6.0).reshape(2, 3).put(t.tensor([0, 0]), t.tensor([9.0, 8]), accumulate=True),
    lambda t: t.arange(6.0).reshape(2, 3).put(t.tensor([0, 1]), t.tensor([9.0])),
]


@pytest.mark.parametrize("call", TAKE_CALLS)
def test_take_and_put_match_pytorch(call):
    same_outcome(call)


def test_take_and_put_gradients_match_pytorch():
    x = RNG.standard_normal((3, 4))
    same_gradients(lambda t, a, i: t.take(a, i), x, np.array([[0, -1, 0], [5, 11, 5]]))
    same_gradients(lambda t, a, i: t.take_along_dim(a, i, 1), x, np.array([[0, 3], [1, 1], [-1, 2]]))
    same_gradients(lambda t, a, i: t.take_along_dim(a, i, 0), x, np.array([[0, 2, 1, 1]]))  # broadcast
    same_gradients(lambda t, a, i, v: a.index_put((i,), v, accumulate=True), x, np.array([0, 2, 0]),
                   RNG.standard_normal(4))
    same_gradients(lambda t, a, i, j, v: a.index_put((i, j), v), x, np.array([0, 2]), np.array([1, 3]),
                   RNG.standard_normal(2))
    same_gradients(lambda t, a, i, v: a.put(i, v, accumulate=True), x, np.array([0, -1, 0]), RNG.standard_normal(3))
    same_gradients(lambda t, a, i, v: a.put(i, v), x, np.array([0, -1, 5]), RNG.standard_normal(3))
    for name, args in (("index_put_", ((ours([0, 2]),), ours(RNG.standard_normal(4)), True)),
                       ("put_", (ours([0, 7]), ours(RNG.standard_normal(2))))):
        a = ours(x)
        reference = theirs(x)
        assert getattr(a, name)(*args) is a
        getattr(reference, name)(*[tuple(theirs(i.numpy()) for i in v) if isinstance(v, tuple)
                                    else theirs(v.numpy()) if isinstance(v, autograd.Tensor) else v for v in args])
        same(a, reference)


@pytest.mark.parametrize("mode", ["trunc", "floor"])
def test_div_rounding_of_float16_by_a_number_is_computed_in_float32_as_pytorch(mode):
    halves = (RNG.standard_normal(300) * 100).astype(np.float16)
    for divisor in (3.7, 0.3, -1.1):
        same(autograd.div(ours(halves), divisor, rounding_mode=mode),
             torch.div(theirs(halves), divisor, rounding_mode=mode))
        same(autograd.div(ours(halves), ours(np.float64(divisor)), rounding_mode=mode),
             torch.div(theirs(halves), theirs(np.float64(divisor)), rounding_mode=mode))
    same(autograd.div(ours(halves), ours(halves[::-1].copy()), rounding_mode=mode),
         torch.div(theirs(halves), theirs(halves[::-1].copy()), rounding_mode=mode))


@st.composite
def scatter_cases(draw):
    """(self, dim, index, src): any shape of 1 to 3 dims, an index no larger than self outside dim, src its shape."""
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    dim = draw(st.integers(-len(shape), len(shape) - 1))
    index_shape = tuple(draw(st.integers(1, n)) for n in shape)
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    index = rng.integers(0, shape[dim], index_shape)
    return rng.standard_normal(shape).round(1), dim, index, rng.standard_normal(index_shape).round(1)


@settings(max_examples=40)
@given(scatter_cases(), st.sampled_from(["sum", "prod", "mean", "amax", "amin"]), st.booleans())
def test_scatter_family_on_drawn_shapes_matches_pytorch(case, reduce, include_self):
    x, dim, index, src = case
    same_gradients(lambda t, a, i, s: a.scatter_add(dim, i, s), x, index, src)
    same_gradients(lambda t, a, i, s: a.scatter_reduce(dim, i, s, reduce, include_self=include_self), x, index, src)
    same(ours(x).scatter(dim, ours(index), ours(src)), theirs(x).scatter(dim, theirs(index), theirs(src)))  # last wins
    rows = index.reshape(-1)[: max(1, index.size // 2)]
    source = np.moveaxis(np.resize(src, (len(rows),) + np.moveaxis(x, dim, 0).shape[1:]), 0, dim)
    same_gradients(lambda t, a, i, s: a.index_add(dim, i, s), x, rows, source)


INSTALLED_SCRIPT = """
import glassgrad
glassgrad.install_as_torch()
import torch
import torch.nn.functional as F

logits = torch.tensor([[1.0, 3.0, 2.0, 0.5]], requires_grad=True)
sorted_logits, order = torch.sort(logits, descending=True)  # top-p sampling, as Hugging Face writes it
remove = torch.cumsum(F.softmax(sorted_logits, dim=-1), dim=-1) > 0.8
remove[..., 1:] = remove[..., :-1].clone()
remove[..., 0] = False
kept = logits.masked_fill(remove.scatter(1, order, remove), -float("inf"))
assert kept.isinf().tolist() == [[True, False, False, True]]
x = torch.zeros(2, 3).scatter_(1, torch.tensor([[0], [2]]), 1.0).index_add_(0, torch.tensor([1]), torch.ones(1, 3))
values = [torch.scatter(x, 0, torch.tensor([[1, 0, 1]]), torch.ones(1, 3)),
          torch.scatter_add(x, 1, torch.tensor([[0]]), x),
          torch.scatter_reduce(x, 0, torch.tensor([[1]]), x, "amax"), torch.index_select(x, 0, torch.tensor([1])),
          torch.index_add(x, 0, torch.tensor([0]), x[:1]), torch.index_copy(x, 0, torch.tensor([0]), x[1:]),
          torch.index_fill(x, 1, torch.tensor([0]), 2.0), torch.masked_scatter(x, x > 0, torch.ones(6)),
          torch.div(x, 2, rounding_mode="floor"), torch.true_divide(x, 2), torch.nanmean(x), torch.nanmedian(x),
          torch.cummax(x, 1).values, torch.cummin(x, 1).indices, torch.logcumsumexp(x, 1), torch.diff(x),
          torch.take(x, torch.tensor([0])), torch.take_along_dim(x, torch.tensor([[0], [1]]), 1),
          torch.bincount(torch.tensor([1, 1])), torch.histc(x), torch.searchsorted(torch.tensor([1.0]), x),
          torch.bucketize(x, torch.tensor([0.5])), torch.unique(x), torch.unique_consecutive(x)]
image = torch.zeros(1, 2, 3, 3).contiguous(memory_format=torch.channels_last)
assert image.shape == (1, 2, 3, 3) and image.is_contiguous(memory_format=torch.channels_last)
assert torch.isinf(torch.tensor([1.0])).tolist() == [False] and torch.outer(x[0], x[1]).shape == (3, 3)
model = torch.nn.Linear(2, 2)
model.load_state_dict({key: value.clone() for key, value in model.state_dict().items()}, assign=True)
print("ok", len(values))
"""


def test_the_names_are_there_under_install_as_torch():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", INSTALLED_SCRIPT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "24"]


# ----- isinf, isclose, allclose, nonzero, argwhere, masked_select, outer, clamp_min/max, clip -----
SPECIAL = [[0.0, 1, np.inf], [-np.inf, NAN, 2]]
PREDICATE_CALLS = [
    lambda t: t.isinf(t.tensor(SPECIAL)), lambda t: t.tensor(SPECIAL).isposinf(),
    lambda t: t.isneginf(t.tensor(SPECIAL)),
    lambda t: t.isinf(t.tensor([1, 2])),
    lambda t: t.isclose(t.tensor([1.0, NAN, np.inf, 1.0]), t.tensor([1 + 1e-9, NAN, np.inf, 1.1]), equal_nan=True),
    lambda t: t.isclose(t.tensor([1.0, NAN]), t.tensor([1.0, NAN])),
    lambda t: t.tensor([1.0, 2.0]).isclose(t.tensor([1.0, 2.5]), rtol=0.3),
    lambda t: t.isclose(t.tensor([1, 2]), t.tensor([1.0, 2.0])),
    lambda t: t.tensor(t.allclose(t.tensor([1.0, 2]), t.tensor([1.0, 2.0001]))),
    lambda t: t.tensor(t.tensor([1.0, 2]).allclose(t.tensor([1.0, 2.00001]))),
    lambda t: t.allclose(t.tensor([1.0, 2]), t.tensor([1.0, 2.0]).double()),
    lambda t: t.nonzero(t.tensor(SPECIAL)), lambda t: t.tensor(SPECIAL).nonzero(as_tuple=True),
    lambda t: t.nonzero(t.tensor(5.0)), lambda t: t.nonzero(t.tensor(5.0), as_tuple=True),
    lambda t: t.argwhere(t.tensor(0.0)), lambda t: t.tensor([[0, 3], [4, 0]]).argwhere(),
    lambda t: t.masked_select(t.tensor(SPECIAL), t.tensor(SPECIAL) > 0),
    lambda t: t.tensor(SPECIAL).masked_select(t.tensor([True, False, True])),
    lambda t: t.masked_select(t.tensor(SPECIAL), t.tensor([1, 0, 1])),
    lambda t: t.outer(t.tensor([1.0, 2]), t.tensor([1.0, 2, 3])),
    lambda t: t.tensor([1.0, 2]).outer(t.tensor([[1.0, 2, 3]])),
    lambda t: t.clamp_min(t.tensor([1.0, 2]), 1.5), lambda t: t.tensor([1.0, 2]).clamp_max(1.5),
    lambda t: t.clip(t.tensor([1.0, 2, 3]), 1.5, 2.5), lambda t: t.tensor([1.0, 2, 3]).clip(max=2.5),
]


@pytest.mark.parametrize("call", PREDICATE_CALLS)
def test_predicates_and_selections_match_pytorch(call):
    mine, reference = outcome(call, autograd), outcome(call, torch)
    if isinstance(reference, tuple):
        same_results(mine, reference)
    else:
        same_outcome(call)


@pytest.mark.parametrize("name, args", [("clamp_min_", (0.1,)), ("clamp_max_", (-0.1,)), ("clip_", (-0.5, 0.5))])
def test_clamp_min_max_clip_in_place_match_pytorch(name, args):
    start = RNG.standard_normal((3, 4))
    w_mine, w_reference = ours(start, True), theirs(start, True)
    a, b = w_mine * 2, w_reference * 2
    assert getattr(a, name)(*args) is a
    getattr(b, name)(*args)
    same(a, b)
    (a * a).sum().backward()
    (b * b).sum().backward()
    same(w_mine.grad, w_reference.grad)


def test_masked_select_and_outer_gradients_match_pytorch():
    x = RNG.standard_normal((3, 4))
    same_gradients(lambda t, a, m: t.masked_select(a, m), x, x > 0)
    same_gradients(lambda t, a, m: t.masked_select(a, m), x[:1], x > 0)  # the input broadcast: summed back
    same_gradients(lambda t, a, b: t.outer(a, b), RNG.standard_normal(3), RNG.standard_normal(4))
    same_gradients(lambda t, a: t.clamp_min(a, 0.1) + a.clamp_max(-0.1) + a.clip(-0.5, 0.5), x)
