"""Dims, sizes and indices are validated in one place (autograd/pytorch/checks.py), with PyTorch's
messages: every dim-taking function refuses an out-of-range dim with the same IndexError, a bool or float
dim with a TypeError, and no dim wraps around silently. PyTorch, where installed, is a second oracle."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import tensor

X = np.arange(6.0, dtype=np.float32).reshape(2, 3)

# Each entry: a call taking (lib, x, dim) that passes `dim` to one dim-taking function.
DIM_CALLS = {
    "sum": lambda t, x, d: x.sum(d),
    "mean": lambda t, x, d: x.mean(d),
    "var": lambda t, x, d: x.var(d),
    "std": lambda t, x, d: x.std(d),
    "amax": lambda t, x, d: x.amax(d),
    "amin": lambda t, x, d: x.amin(d),
    "max": lambda t, x, d: x.max(d),
    "min": lambda t, x, d: x.min(d),
    "argmax": lambda t, x, d: x.argmax(d),
    "argmin": lambda t, x, d: x.argmin(d),
    "logsumexp": lambda t, x, d: x.logsumexp(d),
    "softmax": lambda t, x, d: x.softmax(d),
    "log_softmax": lambda t, x, d: x.log_softmax(d),
    "norm": lambda t, x, d: x.norm(dim=d),
    "unsqueeze": lambda t, x, d: x.unsqueeze(d + 1 if d >= 0 else d - 1),  # its range is one wider
    "squeeze": lambda t, x, d: x.squeeze(d),
    "flatten_start": lambda t, x, d: x.flatten(d),
    "flatten_end": lambda t, x, d: x.flatten(0, d),
    "transpose": lambda t, x, d: x.transpose(0, d),
    "permute": lambda t, x, d: x.permute(0, d),
    "size": lambda t, x, d: x.size(d),
    "unbind": lambda t, x, d: x.unbind(d),
    "split": lambda t, x, d: x.split(1, d),
    "chunk": lambda t, x, d: x.chunk(2, d),
    "cat": lambda t, x, d: t.cat([x, x], d),
    "stack": lambda t, x, d: t.stack([x, x], d + 1 if d >= 0 else d - 1),
    "gather": lambda t, x, d: t.gather(x, d, t.tensor([[0, 1], [1, 0]])),
}


@pytest.mark.parametrize("name", sorted(DIM_CALLS))
@pytest.mark.parametrize("dim", [2, 5, -3, -7])
def test_out_of_range_dims_raise_pytorchs_index_error(name, dim):
    x = tensor(X)
    shown = dim + 1 if name in ("unsqueeze", "stack") and dim >= 0 else dim - 1 if name in ("unsqueeze", "stack") else dim
    low, high = (-3, 2) if name in ("unsqueeze", "stack") else (-2, 1)
    message = rf"Dimension out of range \(expected to be in range of \[{low}, {high}\], but got {shown}\)"
    with pytest.raises(IndexError, match=message):
        DIM_CALLS[name](autograd, x, dim)


@pytest.mark.parametrize("name", sorted(set(DIM_CALLS) - {"var", "std", "permute", "unsqueeze", "stack"}))
@pytest.mark.parametrize("dim", [True, 1.0, 0.5])
def test_bool_and_float_dims_are_type_errors(name, dim):
    with pytest.raises(TypeError, match="must be (int|a tuple of ints)"):
        DIM_CALLS[name](autograd, tensor(X), dim)


@pytest.mark.parametrize("dim", [True, 1.0, None])
def test_unsqueeze_stack_and_permute_refuse_non_integer_dims(dim):
    x = tensor(X)
    with pytest.raises(TypeError, match="unsqueeze\\(\\): argument 'dim' must be int"):
        x.unsqueeze(dim)
    with pytest.raises(TypeError, match="stack\\(\\): argument 'dim' must be int"):
        autograd.stack([x, x], dim)
    with pytest.raises(TypeError, match="permute\\(\\): argument 'dims' must be a tuple of ints"):
        x.permute(0, dim)


def test_var_and_std_take_a_bool_as_pytorchs_unbiased():
    x = tensor(X)
    assert x.var(True).item() == pytest.approx(np.var(X, ddof=1))
    assert x.std(False).item() == pytest.approx(np.std(X))


@pytest.mark.parametrize("call", [
    lambda x: x.sum((0, 0)), lambda x: x.mean((0, -2)), lambda x: x.amax((1, -1)), lambda x: x.norm(dim=(0, 0)),
    lambda x: x.logsumexp((1, 1)), lambda x: x.var((0, 0)), lambda x: x.squeeze((0, 0)),
])
def test_a_dim_given_twice_is_refused(call):
    with pytest.raises(RuntimeError, match=r"dim \d appears multiple times in the list of dims"):
        call(tensor(X))


def test_permute_needs_every_dim_once():
    x = autograd.zeros(2, 3, 4)
    with pytest.raises(RuntimeError, match="duplicate dims"):
        x.permute(0, 0, 1)
    with pytest.raises(RuntimeError, match="number of dims"):
        x.permute(0, 1)
    assert x.permute(-1, 0, 1).shape == (4, 2, 3)


def test_flatten_start_after_end_is_refused():
    with pytest.raises(RuntimeError, match="start_dim cannot come after end_dim"):
        autograd.zeros(2, 3, 4).flatten(2, 1)


def test_zero_dimensional_tensors_accept_dim_0_and_minus_1_only():
    x = tensor(3.0)
    assert x.sum(0).item() == 3.0 and x.softmax(-1).item() == 1.0 and x.argmax(0).item() == 0
    assert x.unsqueeze(-1).shape == (1,)
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got 1"):
        x.squeeze(1)
    with pytest.raises(IndexError, match=r"range of \[-1, 0\], but got -2"):
        x.unsqueeze(-2)
    with pytest.raises(IndexError, match="no dimensions"):
        x.size(0)


def test_an_empty_dim_list_reduces_everything_as_in_pytorch():
    assert autograd.ones(2, 3).sum(dim=[]).item() == 6.0
    assert autograd.ones(2, 3).mean(dim=()).item() == 1.0


# ----- sizes -----

@pytest.mark.parametrize("make", [autograd.zeros, autograd.ones, autograd.rand, autograd.randn])
def test_creation_sizes_must_be_non_negative_ints(make):
    assert make(2, 3).shape == make((2, 3)).shape == make([2, 3]).shape == (2, 3)
    with pytest.raises(RuntimeError, match=r"negative dimension -1: \[2, -1\]"):
        make(2, -1)
    for bad in (2.5, True, None, "a"):
        with pytest.raises(TypeError, match="must be a tuple of ints"):
            make(bad)
    with pytest.raises(TypeError, match="element of type float at pos 1"):
        make((2, 3.0))


def test_ranges_and_counts():
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        autograd.arange(0, 5, 0)
    with pytest.raises(RuntimeError, match="inconsistent with step sign"):
        autograd.arange(0, 5, -1)
    with pytest.raises(RuntimeError, match="inconsistent with step sign"):
        autograd.arange(-3)
    with pytest.raises(RuntimeError, match="must be non-negative"):
        autograd.randperm(-1)
    with pytest.raises(TypeError, match="must be int, not bool"):
        autograd.randperm(True)
    with pytest.raises(TypeError, match="must be int, not float"):
        autograd.linspace(0, 1, 2.5)
    with pytest.raises(RuntimeError, match="must be non-negative"):
        autograd.eye(-1)
    with pytest.raises(TypeError, match="must be a tuple of ints, not int"):
        autograd.full(2, 1.0)
    with pytest.raises(TypeError, match="must be a number, not str"):
        autograd.full((2,), "a")
    with pytest.raises(RuntimeError, match="'low' to be less than 'high'"):
        autograd.randint(0, (3,))
    assert autograd.randint(5, (3,)).shape == (3,)  # PyTorch's randint(high, size)


def test_reshape_sizes():
    x = autograd.zeros(2, 3, 4)
    assert x.reshape(4, -1).shape == (4, 6) and x.view([24]).shape == (24,)
    with pytest.raises(RuntimeError, match="only one dimension can be inferred"):
        x.reshape(-1, -1)
    with pytest.raises(RuntimeError, match=r"shape '\[5, -1\]' is invalid for input of size 24"):
        x.reshape(5, -1)
    with pytest.raises(RuntimeError, match=r"invalid shape dimension -2 at index 0 of shape \[-2, -12\]"):
        x.reshape(-2, -12)
    with pytest.raises(TypeError, match="element of type float"):
        x.reshape(2.0, 12)
    with pytest.raises(TypeError, match="element of type bool"):
        x.reshape(True, 24)


def test_expand_and_repeat_sizes():
    x = autograd.zeros(2, 3, 4)
    with pytest.raises(RuntimeError, match=r"expanded size of the tensor \(5\) must match the existing size \(4\)"):
        x.expand(2, 3, 5)
    with pytest.raises(RuntimeError, match="leading, non-existing dimension"):
        x.expand(-1, -1, -1, -1)
    with pytest.raises(RuntimeError, match="must be greater or equal"):
        x.expand(3, 4)
    with pytest.raises(RuntimeError, match="can not be smaller than number of dimensions"):
        x.repeat(2)
    with pytest.raises(RuntimeError, match="negative dimension"):
        x.repeat(-1, 1, 1)
    with pytest.raises(TypeError, match="element of type float"):
        x.repeat(1.5, 1, 1)


def test_split_sizes_must_add_up_and_chunks_be_positive():
    x = autograd.zeros(2, 3, 4)
    assert [p.shape[1] for p in x.split([1, 2], 1)] == [1, 2]
    assert [p.shape[1] for p in x.split(2, 1)] == [2, 1]
    for sizes in ([1, 1], [2, 2], [-1, 4]):
        with pytest.raises(RuntimeError, match=r"split_sizes to sum exactly to 3"):
            x.split(sizes, 1)
    with pytest.raises(RuntimeError, match="split_size be non-negative"):
        x.split(-1, 1)
    with pytest.raises(RuntimeError, match="split_size can only be 0"):
        x.split(0, 1)
    with pytest.raises(TypeError):
        x.split(1.5, 1)
    with pytest.raises(TypeError):
        x.split(True, 1)
    for chunks in (0, -1):
        with pytest.raises(RuntimeError, match="greater than 0"):
            x.chunk(chunks, 1)
    with pytest.raises(TypeError, match="must be int, not float"):
        x.chunk(2.0, 1)


def test_gather_checks_its_index():
    x = autograd.arange(24.0).reshape(2, 3, 4)
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 1 with size 3"):
        autograd.gather(x, 1, tensor([[[5]]]))
    with pytest.raises(RuntimeError, match="index -1 is out of bounds"):
        autograd.gather(x, 1, tensor([[[-1]]]))
    with pytest.raises(RuntimeError, match="same number of dimensions"):
        autograd.gather(x, 1, tensor([[0]]))
    with pytest.raises(RuntimeError, match="int32/int64"):
        autograd.gather(x, 1, tensor([[[0.0]]]))


def test_cat_and_stack():
    x = autograd.zeros(2, 3)
    with pytest.raises(TypeError, match="tuple or list of Tensors"):
        autograd.cat(x)
    with pytest.raises(RuntimeError, match="zero-dimensional"):
        autograd.cat([tensor(1.0), tensor(2.0)])
    assert autograd.cat([x, autograd.zeros(0)]).shape == (2, 3)  # PyTorch skips empty 1-D tensors
    assert autograd.cat([x, autograd.zeros(2, 3, dtype=np.float64)]).dtype == np.float64  # promoted


# ----- boolean masks -----

@pytest.mark.parametrize("mask, axis", [
    ([True, False, True], 0), ([True], 0), ([True, False, True, False], 0), ([[True, False], [False, True]], 1),
])
def test_a_mask_must_have_the_shape_it_indexes(mask, axis):
    with pytest.raises(IndexError, match=rf"The shape of the mask \[.*\] at index \d does not match the shape of the indexed tensor \[2, 3\] at index {axis}"):
        tensor(X)[tensor(mask)]


@pytest.mark.parametrize("index", [
    tensor([True]), tensor([True, False, True]), tensor([[True, False], [False, True]]), (slice(None), tensor([True, False])),
])
def test_writing_through_a_mask_of_the_wrong_shape_is_refused(index):
    x = tensor(X.copy())
    with pytest.raises(IndexError, match="The shape of the mask"):
        x[index] = 0.0
    np.testing.assert_array_equal(x.numpy(), X)  # nothing was written


def test_a_mask_after_a_slice_or_ellipsis_is_checked_against_its_own_axis():
    with pytest.raises(IndexError, match=r"mask \[2\] at index 0 does not match the shape of the indexed tensor \[2, 3\] at index 1"):
        tensor(X)[:, tensor([True, False])]
    with pytest.raises(IndexError, match=r"tensor \[2, 3\] at index 1"):
        tensor(X)[..., tensor([True, False])]
    assert tensor(X)[..., tensor([True, False, True])].tolist() == [[0.0, 2.0], [3.0, 5.0]]
    assert tensor(X)[tensor(True)].shape == (1, 2, 3)
    assert tensor(X)[[]].shape == (0, 3)


def test_a_list_of_index_lists_is_a_tuple_of_indices_as_in_pytorch():
    x = tensor(X)
    assert x[[[0, 1], [1, 2]]].tolist() == [1.0, 5.0]  # x[[0, 1], [1, 2]]
    assert x[[[0, 1]]].shape == (2, 3)
    assert x[[0, 1]].shape == (2, 3) and x[[1]].shape == (1, 3)


def test_masked_fill_and_where_need_bool_masks_of_a_fitting_shape():
    x = tensor(X)
    with pytest.raises(RuntimeError, match="boolean mask"):
        x.masked_fill(tensor([1, 0, 1]), 0.0)
    assert x.masked_fill(autograd.ones(2, 2, 3, dtype=np.bool_), 0.0).shape == (2, 2, 3)  # broadcast, as PyTorch
    with pytest.raises(RuntimeError, match=r"output with shape \[2, 3\] doesn't match the broadcast shape"):
        x.clone().masked_fill_(autograd.ones(2, 2, 3, dtype=np.bool_), 0.0)
    with pytest.raises(RuntimeError, match="must match the size"):
        x.masked_fill(autograd.ones(2, 2, dtype=np.bool_), 0.0)
    with pytest.raises(RuntimeError, match="0-dimensional value tensor"):
        x.masked_fill(tensor([True, False, True]), tensor([2.0, 3.0, 4.0]))
    with pytest.raises(RuntimeError, match="boolean mask"):
        autograd.where(tensor([1, 0, 1]), x, 0.0)
    assert tensor([1, 2]).masked_fill(tensor([True, False]), 2.5).tolist() == [2, 2]  # the value takes x's dtype


@given(st.integers(1, 4), st.integers(1, 4), st.integers(-10, 10))
def test_every_dim_in_range_is_accepted_and_every_other_refused(rows, cols, dim):
    x = autograd.zeros(rows, cols)
    if -2 <= dim < 2:
        assert x.sum(dim).shape == ((cols,) if dim % 2 == 0 else (rows,))
    else:
        with pytest.raises(IndexError, match=rf"\[-2, 1\], but got {dim}\)"):
            x.sum(dim)


# ----- PyTorch as a second oracle -----

@pytest.mark.parametrize("name", sorted(DIM_CALLS))
@pytest.mark.parametrize("dim", [1, -1, -2, 2, 5])
def test_dim_functions_agree_with_pytorch(name, dim):
    torch = pytest.importorskip("torch")
    ours, theirs = _run(DIM_CALLS[name], autograd, tensor(X), dim), _run(DIM_CALLS[name], torch, torch.tensor(X), dim)
    if isinstance(theirs, Exception):
        assert type(ours) is type(theirs), (ours, theirs)
        assert str(ours) == str(theirs) or not isinstance(theirs, IndexError), (ours, theirs)
    else:
        for mine, reference in zip(_flat(ours), _flat(theirs), strict=True):
            np.testing.assert_allclose(np.asarray(mine), reference.detach().numpy() if hasattr(reference, "detach") else reference, rtol=1e-6)


def _run(call, lib, x, dim):
    try:
        return call(lib, x, dim)
    except Exception as error:  # noqa: BLE001  (the exception is the result compared)
        return error


def _flat(result):
    if isinstance(result, (tuple, list)):
        return [v for item in result for v in _flat(item)]
    return [result if not isinstance(result, autograd.Tensor) else result.numpy()]
