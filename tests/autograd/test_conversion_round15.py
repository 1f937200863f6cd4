"""hostile15b S3: a NumPy array whose bytes are not in the machine's order (">i4", ">f4", ">f8": what
np.frombuffer(..., ">i4") gives for an IDX file) never becomes a tensor: torch.tensor, as_tensor, from_numpy and
Tensor refuse it with PyTorch's ValueError, naming the byte order and the fix; inside a list it is read value by
value, as PyTorch reads it, into a tensor of the native dtype. No tensor can hold a dtype that is not native."""
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
from autograd import Tensor

torch = pytest.importorskip("torch")

pytestmark = pytest.mark.skipif(sys.byteorder != "little", reason="written for a little-endian machine")
SWAPPED = [np.dtype(code) for code in (">i2", ">i4", ">i8", ">u2", ">u4", ">f2", ">f4", ">f8", ">c8", ">c16")]
REFUSING = {
    "tensor": lambda lib, array: lib.tensor(array),
    "tensor with a dtype": lambda lib, array: lib.tensor(array, dtype=lib.float64),
    "as_tensor": lambda lib, array: lib.as_tensor(array),
    "as_tensor with a dtype": lambda lib, array: lib.as_tensor(array, dtype=lib.float64),
    "from_numpy": lambda lib, array: lib.from_numpy(array),
    "Tensor": lambda lib, array: lib.Tensor(array),
    "a 0-d array": lambda lib, array: lib.tensor(array[0, 0:1].reshape(())),
    "new_tensor": lambda lib, array: lib.ones(2).new_tensor(array),
}
READING = {
    "a list of arrays": lambda lib, array: lib.tensor([array, array]),
    "a list of arrays with a dtype": lambda lib, array: lib.tensor([array, array], dtype=lib.float64),
    "a nested list of arrays": lambda lib, array: lib.tensor([[array[0]], [array[1]]]),
    "a list mixing byte orders": lambda lib, array: lib.tensor([array, array.astype(array.dtype.newbyteorder("="))]),
    "an element": lambda lib, array: lib.tensor(array[0, 0]),
    "as_tensor of a list": lambda lib, array: lib.as_tensor([array]),
}


def swapped(dtype):
    return np.arange(6).reshape(2, 3).astype(dtype)


@pytest.mark.parametrize("dtype", SWAPPED, ids=str)
@pytest.mark.parametrize("name", REFUSING)
def test_an_array_of_the_other_byte_order_is_refused_as_pytorch_refuses_it(name, dtype):
    array = swapped(dtype)
    if "complex" in dtype.name and "dtype" in name:
        pytest.skip("a complex array given a real dtype: another refusal")
    with pytest.raises(ValueError, match="byte order"):
        REFUSING[name](torch, array)
    with pytest.raises(ValueError, match=r"byte order different from the native.*big-endian.*newbyteorder\('='\)"):
        REFUSING[name](autograd, array)


@pytest.mark.filterwarnings("ignore:Creating a tensor from a list of numpy.ndarrays")
@pytest.mark.parametrize("dtype", SWAPPED, ids=str)
@pytest.mark.parametrize("name", READING)
def test_arrays_of_the_other_byte_order_inside_a_list_are_read_value_by_value(name, dtype):
    array = swapped(dtype)
    ours, theirs = READING[name](autograd, array), READING[name](torch, array)
    assert ours.dtype == np.dtype(str(theirs.dtype).removeprefix("torch."))
    assert ours.dtype.isnative and ours.numpy().dtype.isnative
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_the_fix_the_message_names_works():
    array = np.array([[1.0, 2.0]], ">f4")
    fixed = autograd.as_tensor(array.astype(array.dtype.newbyteorder("=")))
    assert fixed.dtype == autograd.float32
    linear = torch.nn.Linear(2, 1)
    assert fixed.tolist() == [[1.0, 2.0]] and linear(torch.as_tensor(fixed.numpy())).shape == (1, 1)


def test_single_byte_and_native_arrays_are_unaffected():
    for dtype in ("|u1", "|i1", "?", "=f4", "<f8"):
        array = np.ones(3, dtype)
        assert str(autograd.from_numpy(array).dtype) == str(torch.from_numpy(array).dtype).removeprefix("torch.")
        assert np.shares_memory(autograd.from_numpy(array).numpy(), array)


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(SWAPPED), st.lists(st.integers(-100, 100), min_size=1, max_size=5))
def test_no_tensor_holds_a_dtype_that_is_not_native(dtype, values):
    array = np.array(values).astype(dtype)
    for make in (lambda: autograd.tensor([array]), lambda: autograd.tensor(array.tolist()), lambda: Tensor(array)):
        try:
            made = make()
        except ValueError as error:
            assert "byte order" in str(error)
        else:
            assert made.numpy().dtype.isnative and made.dtype == made.numpy().dtype.newbyteorder("=")
