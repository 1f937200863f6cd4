"""repr(tensor), Size and node names read exactly as PyTorch prints them."""
import numpy as np
import pytest

import autograd
from autograd import Size, tensor

# (values, dtype) pairs that exercise each of PyTorch's layouts
CASES = [
    ([0.1, 2.0], np.float32),  # fixed point, 4 digits
    ([1.0, 2.0, -3.0], np.float32),  # integral floats: "1."
    ([1e-5, 1.0], np.float32),  # smallest below 1e-4: scientific
    ([123456789.0, 1.0], np.float32),  # largest above 1e8
    ([1.0, 5000.0], np.float32),  # integral, ratio above 1000: scientific
    ([0.5, 2000.0], np.float32),  # ratio above 1000
    ([0.0, 0.0], np.float32),  # nothing nonzero decides: "0."
    ([np.inf, -np.inf, np.nan, 1.5], np.float32),
    ([np.inf, 2.0], np.float32),
    ([1.0, 2.0], np.float64),
    ([0.25, -1.0], np.float16),
    ([1, -20, 300], np.int64),
    ([1, 2], np.int32),
    ([True, False], np.bool_),
    ([[1.5, 2.0], [3.0, -4.25]], np.float32),
    ([[[1.0, 2.0]], [[3.0, 4.0]]], np.float32),  # blank lines between 3-D blocks
    (3.5, np.float32),
    (7, np.int64),
    (list(np.linspace(-3, 3, 30)), np.float32),  # wraps at 80 columns
    (list(range(2000)), np.int64),  # summarised with "..."
    (np.arange(3000.0).reshape(30, 100) / 7, np.float64),
    (np.zeros((0,)), np.float32),
    (np.zeros((2, 0)), np.float32),
    (np.zeros((0,)), np.int64),
]


@pytest.mark.parametrize("values, dtype", CASES)
def test_repr_matches_pytorch(values, dtype):
    torch = pytest.importorskip("torch")
    array = np.asarray(values, dtype=dtype)
    assert repr(tensor(array)) == repr(torch.tensor(array))


def test_repr_of_autograd_state_matches_pytorch():
    torch = pytest.importorskip("torch")
    ours = tensor([0.5, 1.0], requires_grad=True)
    theirs = torch.tensor([0.5, 1.0], requires_grad=True)
    assert repr(ours) == repr(theirs)
    assert repr(ours * 2) == repr(theirs * 2)
    assert repr(ours + ours) == repr(theirs + theirs)
    long = autograd.ones(3, 20, dtype=np.float64, requires_grad=True)
    assert repr(long * 3) == repr(torch.ones(3, 20, dtype=torch.float64, requires_grad=True) * 3)


def test_repr_by_hand():
    """The same expectations without the oracle."""
    assert repr(tensor([0.1, 2.0])) == "tensor([0.1000, 2.0000])"
    assert repr(tensor([1, 2])) == "tensor([1, 2])"
    assert repr(tensor([True, False])) == "tensor([ True, False])"
    assert repr(tensor([1.0, 2.0], dtype=np.float64)) == "tensor([1., 2.], dtype=torch.float64)"
    assert repr(tensor([1e-5, 1.0])) == "tensor([1.0000e-05, 1.0000e+00])"
    assert repr(tensor(2.0, requires_grad=True) * 3) == "tensor(6., grad_fn=<MulBackward0>)"
    assert repr(autograd.zeros(2, 0)) == "tensor([], size=(2, 0))"
    assert repr(tensor([[1.0, 2.0], [3.0, 4.0]])) == "tensor([[1., 2.],\n        [3., 4.]])"


def test_size_is_a_tuple_that_prints_as_pytorch():
    shape = autograd.zeros(2, 3).shape
    assert isinstance(shape, Size) and isinstance(shape, tuple) and shape == (2, 3)
    assert repr(shape) == str(shape) == "Size([2, 3])"
    assert repr(Size([])) == "Size([])" and Size([]).numel() == 1
    assert isinstance(shape[1:], Size) and isinstance(shape + (4,), Size) and isinstance((1,) + shape, Size)
    assert shape.numel() == 6 and autograd.zeros(2, 3).size() == Size([2, 3]) and autograd.zeros(2, 3).size(-1) == 3
    with pytest.raises(TypeError, match="iterable of 'int'"):
        Size([2, 2.5])
    with pytest.raises(IndexError):
        autograd.zeros(2, 3).size(2)


def test_size_in_an_f_string_is_the_plain_tuple():
    """Deliberate difference (documented in autograd/pytorch/size.py): error messages read (2, 3)."""
    assert f"{Size([2, 3])}" == "(2, 3)" and f"{Size([4])}" == "(4,)"


def test_size_matches_pytorch_size():
    torch = pytest.importorskip("torch")
    assert repr(Size([2, 3])) == repr(torch.Size([2, 3]))[len("torch."):]
    assert Size([2, 3]).numel() == torch.Size([2, 3]).numel()


def test_format_a_zero_dim_tensor_like_its_number():
    assert f"{tensor(3.14159):.3f}" == "3.142" and f"{tensor(7):d}" == "7"
    assert format(tensor([1.0, 2.0])) == "tensor([1., 2.])"
    with pytest.raises(TypeError, match="unsupported format string"):
        f"{tensor([3.14159]):.3f}"
