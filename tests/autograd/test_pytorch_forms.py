"""The functions PyTorch code (d2l's) calls: hyperbolic, square, dot/mv/mm, sort, meshgrid,
repeat_interleave, swapaxes, t, max/min forms, type() — gradients by finite differences,
values by hand and against PyTorch."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import gradcheck, gradgradcheck, tensor


def double(*shape, seed=0):
    return tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


# ----- sinh, cosh, square -----
@pytest.mark.filterwarnings("ignore:overflow")
def test_hyperbolic_values_keep_precision_near_zero_and_overflow_where_numpy_does():
    x = tensor([1e-8, -2.0, 0.0, 89.0, 90.0])
    with np.errstate(over="ignore"):
        expected_sinh, expected_cosh = np.sinh(x._data), np.cosh(x._data)
    np.testing.assert_array_equal(autograd.sinh(x)._data, expected_sinh)
    np.testing.assert_array_equal(autograd.cosh(x)._data, expected_cosh)
    assert autograd.sinh(tensor(1e-8)).item() == pytest.approx(1e-8, rel=1e-6)


def test_hyperbolic_gradients_are_each_other():
    x = double(3, 2)
    assert gradcheck(autograd.sinh, (x,)) and gradgradcheck(autograd.cosh, (x,))
    autograd.sinh(x).sum().backward()
    np.testing.assert_allclose(x.grad._data, np.cosh(x._data))


def test_square():
    x = double(4)
    assert gradcheck(lambda v: v.square(), (x,))
    assert autograd.square(tensor([3, -2]))._data.tolist() == [9, 4]
    assert autograd.square(tensor([3, -2])).dtype == np.int64


# ----- dot, mv, mm -----
def test_strict_products_match_matmul_and_their_gradients():
    a, b, m, n = double(3), double(3, seed=1), double(2, 3, seed=2), double(3, 4, seed=3)
    assert autograd.dot(tensor([1.0, 2.0]), tensor([3.0, 4.0])).item() == 11.0
    assert gradcheck(autograd.dot, (a, b)) and gradcheck(autograd.mv, (m, a)) and gradcheck(autograd.mm, (m, n))
    np.testing.assert_allclose(m.mv(a)._data, m._data @ a._data)
    np.testing.assert_allclose(m.mm(n)._data, m._data @ n._data)


@pytest.mark.parametrize("call, message", [
    (lambda: autograd.dot(autograd.ones(2, 2), autograd.ones(2)), "dot.*1-D and 1-D.*2-D and 1-D"),
    (lambda: autograd.dot(autograd.ones(2), autograd.ones(3)), r"dot.*\(2,\) and \(3,\)"),
    (lambda: autograd.dot(autograd.ones(2), tensor([1, 2])), "same dtype"),
    (lambda: autograd.mv(autograd.ones(2, 3), autograd.ones(2)), r"mv.*\(2, 3\) and \(2,\)"),
    (lambda: autograd.mm(autograd.ones(2, 3), autograd.ones(3)), "mm.*2-D and 2-D"),
    (lambda: autograd.mm(autograd.ones(2, 3), autograd.ones(2, 3)), r"mm.*cannot be multiplied"),
])
def test_strict_products_refuse_wrong_ranks_sizes_and_dtypes(call, message):
    with pytest.raises(RuntimeError, match=message):
        call()


def test_strict_products_refuse_what_pytorch_refuses():
    torch = pytest.importorskip("torch")
    for fn, shapes in [("dot", [(2, 2), (2,)]), ("mv", [(2, 3), (2,)]), ("mm", [(2, 3), (2, 3)])]:
        with pytest.raises(RuntimeError):
            getattr(torch, fn)(*[torch.ones(s) for s in shapes])


# ----- sort, argsort -----
@given(st.lists(st.integers(-3, 3), min_size=1, max_size=12), st.booleans())
def test_sort_matches_pytorch_stable_sort(values, descending):
    torch = pytest.importorskip("torch")
    x = np.array(values, dtype=np.float32)
    ours = autograd.sort(tensor(x), descending=descending)
    theirs = torch.sort(torch.tensor(x), descending=descending, stable=True)
    np.testing.assert_array_equal(ours.values._data, theirs.values.numpy())
    np.testing.assert_array_equal(ours.indices._data, theirs.indices.numpy())


def test_sort_along_a_dim_with_nan_last_and_its_gradient():
    x = tensor([[3.0, np.nan, 1.0], [2.0, 2.0, -1.0]])
    values, indices = autograd.sort(x, dim=1)
    np.testing.assert_array_equal(indices._data, [[2, 0, 1], [2, 0, 1]])
    assert np.isnan(values._data[0, 2])
    assert autograd.sort(x, dim=1, descending=True).indices._data.tolist() == [[1, 0, 2], [0, 1, 2]]
    assert x.argsort(dim=0)._data.tolist() == [[1, 1, 1], [0, 0, 0]]
    y = double(3, 4)
    assert gradcheck(lambda v: v.sort(dim=0).values * tensor(np.arange(12.0).reshape(3, 4)), (y,))


# ----- meshgrid, repeat_interleave, swapaxes, t -----
def test_meshgrid_ij_and_xy_match_numpy():
    a, b = tensor([1.0, 2.0, 3.0]), tensor([10.0, 20.0])
    for indexing in ("ij", "xy"):
        ours = autograd.meshgrid(a, b, indexing=indexing)
        expected = np.meshgrid(a._data, b._data, indexing=indexing)
        for grid, want in zip(ours, expected, strict=True):
            np.testing.assert_array_equal(grid._data, want)
    assert [g.shape for g in autograd.meshgrid([a, b], indexing="ij")] == [(3, 2), (3, 2)]


def test_meshgrid_warns_without_indexing_and_refuses_bad_input():
    with pytest.warns(UserWarning, match="indexing"):
        x, _ = autograd.meshgrid(tensor([1.0, 2.0]), tensor([3.0]))
    assert x.shape == (2, 1)
    with pytest.raises(ValueError, match="'ij' or 'xy'"):
        autograd.meshgrid(tensor([1.0]), indexing="yx")
    with pytest.raises(RuntimeError, match="0-D or 1-D"):
        autograd.meshgrid(autograd.ones(2, 2), indexing="ij")


def test_meshgrid_gradient_sums_over_the_copies():
    a, b = double(3), double(2, seed=1)
    assert gradcheck(lambda u, v: autograd.meshgrid(u, v, indexing="xy")[0] * autograd.meshgrid(u, v, indexing="xy")[1],
                     (a, b))


def test_repeat_interleave_forms():
    x = tensor([[1, 2], [3, 4]])
    assert autograd.repeat_interleave(x, 2)._data.tolist() == [1, 1, 2, 2, 3, 3, 4, 4]
    assert x.repeat_interleave(tensor([1, 2]), dim=0)._data.tolist() == [[1, 2], [3, 4], [3, 4]]
    assert x.repeat_interleave(3, dim=1).shape == (2, 6)
    assert autograd.repeat_interleave(tensor([2, 0, 1]))._data.tolist() == [0, 0, 2]
    with pytest.raises(RuntimeError, match="same size as input"):
        x.repeat_interleave(tensor([1, 2, 3]), dim=0)
    with pytest.raises(RuntimeError, match="negative"):
        x.repeat_interleave(-1)
    y = double(2, 3)
    assert gradcheck(lambda v: v.repeat_interleave(tensor([2, 1, 3]), dim=1), (y,))


def test_repeat_interleave_matches_pytorch():
    torch = pytest.importorskip("torch")
    x = np.arange(6).reshape(2, 3)
    for args in [(2,), (2, 0), (torch.tensor([1, 0, 2]), 1)]:
        ours_args = tuple(tensor(a.numpy()) if hasattr(a, "numpy") else a for a in args)
        np.testing.assert_array_equal(tensor(x).repeat_interleave(*ours_args)._data,
                                      torch.tensor(x).repeat_interleave(*args).numpy())


def test_swapaxes_and_t():
    x = double(2, 3, 4)
    assert x.swapaxes(0, 2).shape == (4, 3, 2) and autograd.swapaxes(x, -1, 0).shape == (4, 3, 2)
    assert x.swapdims(1, 2).shape == (2, 4, 3)
    assert tensor([[1, 2, 3]]).t()._data.tolist() == [[1], [2], [3]]
    v = tensor([1.0, 2.0])
    assert v.t() is not v and v.t().tolist() == v.tolist()  # a new view, as PyTorch
    with pytest.raises(RuntimeError, match="<= 2 dimensions, but self is 3D"):
        x.t()


# ----- max and min: whole tensor, along a dim (values, indices), elementwise -----
def test_max_along_a_dim_gives_values_indices_and_the_gradient_to_one_element():
    x = tensor([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]], requires_grad=True)
    result = autograd.max(x, 1)
    assert result.values._data.tolist() == [3.0, 2.0] and result.indices._data.tolist() == [1, 0]
    values, indices = x.min(dim=0, keepdim=True)
    assert values.shape == (1, 3) and indices._data.tolist() == [[0, 1, 1]]
    result.values.sum().backward()
    assert x.grad._data.tolist() == [[0, 1, 0], [1, 0, 0]]  # PyTorch: the tie goes to the index returned


def test_max_along_a_dim_matches_pytorch_including_gradient():
    torch = pytest.importorskip("torch")
    data = np.array([[1.0, 3.0, 3.0], [2.0, 0.0, 2.0]])
    ours = tensor(data, requires_grad=True)
    theirs = torch.tensor(data, requires_grad=True)
    for dim in (0, 1, -1):
        autograd.max(ours, dim).values.sum().backward()
        torch.max(theirs, dim).values.sum().backward()
        autograd.min(ours, dim).values.sum().backward()
        torch.min(theirs, dim).values.sum().backward()
    np.testing.assert_array_equal(ours.grad._data, theirs.grad.numpy())
    np.testing.assert_array_equal(autograd.max(ours, 1).indices._data, torch.max(theirs, 1).indices.numpy())


def test_max_and_min_of_two_tensors_are_elementwise():
    a, b = tensor([1.0, 5.0, 3.0]), tensor([4.0, 2.0, 3.0])
    assert autograd.max(a, b)._data.tolist() == [4.0, 5.0, 3.0]
    assert a.min(b)._data.tolist() == [1.0, 2.0, 3.0]
    assert autograd.max(tensor(2.0), 0).values.item() == 2.0 and autograd.max(tensor(2.0), 0).indices.item() == 0


# ----- type() -----
def test_type_names_and_conversions_match_pytorch():
    x = tensor([1.5, 2.0])
    assert x.type() == "torch.FloatTensor" and x.double().type() == "torch.DoubleTensor"
    assert x.long().type() == "torch.LongTensor" and x.bool().type() == "torch.BoolTensor"
    assert x.type(autograd.int32).dtype == np.int32 and x.type("torch.DoubleTensor").dtype == np.float64
    assert x.type(autograd.float32) is x
    with pytest.raises(ValueError, match="invalid type"):
        x.type("torch.SomethingTensor")


# ----- the in-place fills d2l calls on `.data` -----
def test_sub_normal_and_uniform_fill_in_place():
    autograd.manual_seed(0)
    w = autograd.zeros(10_000)
    assert w.normal_(1.0, 0.5) is w and abs(w._data.mean() - 1.0) < 0.02 and abs(w._data.std() - 0.5) < 0.02
    assert w.uniform_(-2.0, 3.0) is w and -2.0 <= w._data.min() and w._data.max() < 3.0
    assert abs(w._data.mean() - 0.5) < 0.05 and w.dtype == np.float32
    v = tensor([1.0, 2.0])
    assert v.sub_(tensor([1.0, 1.0]), alpha=2)._data.tolist() == [-1.0, 0.0]


def test_in_place_fills_through_data_leave_the_graph_alone():
    p = tensor([1.0, 2.0], requires_grad=True)
    p.data.normal_(0.0, 0.01)
    p.data.sub_(tensor([1.0, 1.0]))
    assert p.requires_grad and p.is_leaf and np.all(np.abs(p._data + 1.0) < 0.1)
    with pytest.raises(RuntimeError, match="in-place"):
        p.normal_()


@pytest.mark.parametrize("dim, keepdim", [(None, False), (0, False), (1, True), ((0, 1), False)])
def test_all_any_equal_view_as_and_ravel_as_pytorch(dim, keepdim):
    torch = pytest.importorskip("torch")
    data = np.array([[0.0, 1.0, 2.0], [3.0, 0.0, 5.0]], dtype=np.float32)
    for name in ("all", "any"):
        ours = getattr(autograd.tensor(data), name)(dim, keepdim) if dim is not None else getattr(autograd.tensor(data), name)()
        theirs = getattr(torch.tensor(data), name)(dim, keepdim) if dim is not None else getattr(torch.tensor(data), name)()
        assert ours.dtype == np.bool_ and ours.tolist() == theirs.tolist()
    assert (autograd.tensor(data) == autograd.tensor(data)).all().item()
    assert autograd.equal(autograd.tensor(data), autograd.tensor(data)) is True
    assert autograd.tensor(data).equal(autograd.tensor(data[:1])) is False
    assert autograd.tensor(data).view_as(autograd.zeros(3, 2)).shape == (3, 2)
    assert autograd.tensor(data).ravel().tolist() == torch.tensor(data).ravel().tolist()
