"""Tensor creation, dtypes, conversions, indexing semantics and the Python protocol."""
import numpy as np
import pytest

import autograd
from autograd import Tensor, tensor


def test_python_numbers_follow_pytorch_dtypes():
    assert tensor(1.5).dtype == np.float32
    assert tensor([1.0, 2.0]).dtype == np.float32
    assert tensor([1, 2]).dtype == np.int64
    assert tensor([True, False]).dtype == np.bool_
    assert tensor(np.arange(3.0)).dtype == np.float64  # NumPy arrays keep theirs
    assert tensor([1, 2], dtype=autograd.float64).dtype == np.float64


def test_python_scalars_do_not_upcast_float32():
    x = tensor([1.0, 2.0])
    for y in (x * 0.5, 0.5 * x, x + 1, x / 3, x**2, 2.0**x, x - np.float64(1.0)):
        assert y.dtype == np.float32
    assert (tensor([1, 2]) * 0.5).dtype == np.float32
    assert (tensor([1, 2]) * 2).dtype == np.int64


def test_tensor_copies_its_data():
    source = np.zeros(3)
    t = tensor(source)
    source[0] = 1
    assert t.tolist() == [0.0, 0.0, 0.0]


def test_creation_functions():
    assert autograd.zeros(2, 3).shape == (2, 3) and autograd.ones((2,)).tolist() == [1.0, 1.0]
    assert autograd.full((2,), 7).dtype == np.int64 and autograd.full((2,), 0.5).dtype == np.float32
    assert autograd.eye(2).tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert autograd.arange(3).tolist() == [0, 1, 2] and autograd.arange(3).dtype == np.int64
    assert autograd.arange(0, 1, 0.5).dtype == np.float32
    assert autograd.linspace(0, 1, 3).tolist() == [0.0, 0.5, 1.0]
    x = autograd.randn(3, 4)
    assert autograd.zeros_like(x).shape == (3, 4) and autograd.ones_like(x).dtype == np.float32
    assert autograd.randint(0, 5, (10,)).dtype == np.int64
    assert sorted(autograd.randperm(5).tolist()) == [0, 1, 2, 3, 4]
    assert 0 <= autograd.rand(100)._data.min() and autograd.rand(100)._data.max() < 1


def test_manual_seed_makes_random_functions_reproducible():
    autograd.manual_seed(7)
    first = (autograd.randn(3).tolist(), autograd.rand(2).tolist(), autograd.randint(0, 9, (4,)).tolist())
    autograd.manual_seed(7)
    second = (autograd.randn(3).tolist(), autograd.rand(2).tolist(), autograd.randint(0, 9, (4,)).tolist())
    assert first == second


def test_indexing_matches_numpy():
    data = np.arange(24.0).reshape(2, 3, 4)
    x = tensor(data)
    for index in [0, -1, (1, 2), (slice(None), 1), (Ellipsis, 2), (None, 0), ([0, 1, 1],), (data > 10,),
                  (slice(None), [2, 0]), (tensor([1, 0]), slice(1, 3)), (0, tensor([True, False, True]))]:
        assert np.array_equal(x[index]._data, data[tuple(i._data if isinstance(i, Tensor) else i for i in index)]
                              if isinstance(index, tuple) else data[index])


def test_setitem_outside_the_graph():
    x = autograd.zeros(3)
    x[1] = 5.0
    x[tensor([True, False, True])] = 2.0
    assert x.tolist() == [2.0, 5.0, 2.0]


def test_properties_and_conversions():
    x = tensor([[1.0, 2.0], [3.0, 4.0]])
    assert x.shape == (2, 2) and x.ndim == 2 and x.size() == (2, 2) and x.size(1) == 2 and x.numel() == 4
    assert x.sum().item() == 10.0 and float(x[0, 1]) == 2.0 and len(x) == 2
    assert [row.tolist() for row in x] == [[1.0, 2.0], [3.0, 4.0]]
    assert x.double().dtype == np.float64 and x.long().dtype == np.int64
    assert np.asarray(x).shape == (2, 2)
    assert x.T.tolist() == [[1.0, 3.0], [2.0, 4.0]]


def test_comparisons_give_bool_tensors_without_grad():
    x = tensor([1.0, 2.0, 3.0], requires_grad=True)
    mask = x > 1.5
    assert mask.dtype == np.bool_ and not mask.requires_grad
    assert mask.tolist() == [False, True, True]
    assert ((x >= 2) & (x < 3)).tolist() == [False, True, False]
    assert (~mask).tolist() == [True, False, False]


def test_reflected_operators_with_numpy_arrays():
    x = tensor([1.0, 2.0], requires_grad=True)
    y = np.array([10.0, 20.0]) - x
    assert isinstance(y, Tensor) and y.tolist() == [9.0, 18.0]
    y.sum().backward()
    assert x.grad.tolist() == [-1.0, -1.0]


def test_repr_reads_like_pytorch():
    assert repr(tensor([1.0, 2.0])) == "tensor([1., 2.])"
    assert repr(tensor(1.0, requires_grad=True)) == "tensor(1., requires_grad=True)"
    assert repr(tensor(1.0, requires_grad=True) * 2) == "tensor(2., grad_fn=<MulBackward0>)"
    assert repr(tensor(np.ones(1))) == "tensor([1.], dtype=torch.float64)"


def test_is_leaf_and_grad_fn():
    x = tensor(1.0, requires_grad=True)
    y = x * 2
    assert x.is_leaf and not y.is_leaf and y.grad_fn.label() == "mul"
    with pytest.raises(RuntimeError, match="leaf"):
        y.requires_grad = False


def test_explicit_dtype_keeps_every_digit_of_a_python_float():
    assert tensor(6.8813735870195432, dtype=autograd.float64).item() == 6.8813735870195432
    assert tensor([0.1], dtype=autograd.float64).tolist() == [0.1]


def test_inplace_updates_keep_float64_precision():
    t = tensor(np.ones(1))
    t.mul_(0.9)
    t.add_(0.1, alpha=0.3)
    assert t.item() == 0.9 + 0.3 * 0.1


def test_pad_with_infinite_value():
    x = autograd.ones(1, 1, 1, 1, requires_grad=True)
    out = autograd.pad(x, (1, 1), value=-np.inf)
    assert out._data.ravel().tolist() == [-np.inf, 1.0, -np.inf]
    out[..., 1].sum().backward()
    assert x.grad.item() == 1.0
