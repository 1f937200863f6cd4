"""Bitwise operators `&`, `|`, `^`, `~` on integer and bool tensors, and the shifts `<<`, `>>` on integer
tensors, as in PyTorch.

The operands are promoted as for arithmetic (int8 & uint8 is int16, a bool tensor & 1 is int64, and a
number wraps into the tensor's dtype: a uint8 tensor & 300 is & 44). On bool tensors they are the
logical and, or, xor and not. Floating tensors are refused, as PyTorch refuses them: for truth values
use `logical_and`, `logical_or`, `logical_not`. No gradient: the results are integers or bools.
"""
import numpy as np

from ..pytorch.promotion import is_number
from ..tensor import Tensor
from .arithmetic import operands, require_tensor


def _refuse_floats(name, dtype):
    if dtype.kind not in "biu":
        raise NotImplementedError(f'"{name}" not implemented for {dtype} tensors: bitwise operators take integer '
                                  f"and bool tensors (for truth values use logical_and, logical_or, logical_not)")


def _bitwise(numpy_op, name):
    def bitwise(a, b):
        for value in (a, b):
            if not (isinstance(value, (Tensor, np.ndarray)) or is_number(value)):  # (a list is refused, as in PyTorch)
                raise TypeError(f"unsupported operand type for {name}: {type(value).__name__} (expected a Tensor or "
                                "a number)")
        a, b = operands(a, b)
        _refuse_floats(name, a.dtype)
        try:
            return Tensor(numpy_op(a._data, b._data))
        except ValueError:
            raise RuntimeError(f"{name}: the shapes {list(a.shape)} and {list(b.shape)} do not broadcast") from None

    bitwise.__name__ = name
    bitwise.__doc__ = f"Elementwise {name} of integer or bool tensors (or one and a number), promoted as in PyTorch."
    return bitwise


bitwise_and = _bitwise(np.bitwise_and, "bitwise_and")
bitwise_or = _bitwise(np.bitwise_or, "bitwise_or")
bitwise_xor = _bitwise(np.bitwise_xor, "bitwise_xor")


def bitwise_not(x):
    """~x: each bit flipped (-x - 1 for signed integers, `not x` for bools); floating tensors are refused."""
    _refuse_floats("bitwise_not", require_tensor(x, "bitwise_not").dtype)
    return Tensor(np.invert(x._data))


TORCH_NAMES = {"?": "Bool", "e": "Half", "f": "Float", "d": "Double", "F": "ComplexFloat", "D": "ComplexDouble"}


def _shift(numpy_op, name, kernel):
    def shift(input, other):
        for value in (input, other):
            if not (isinstance(value, (Tensor, np.ndarray)) or is_number(value)):
                raise TypeError(f"unsupported operand type for {name}: {type(value).__name__} (expected a Tensor or "
                                "a number)")
        a, b = operands(input, other)
        if a.dtype.kind not in "iu":
            raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for '{TORCH_NAMES.get(a.dtype.char, a.dtype)}'")
        try:
            counts, values = np.broadcast_arrays(b.numpy(), a.numpy())
        except ValueError:
            raise RuntimeError(f"{name}: the shapes {list(a.shape)} and {list(b.shape)} do not broadcast") from None
        bits = 8 * a.dtype.itemsize
        shifted = numpy_op(values, np.clip(counts, 0, bits - 1).astype(a.dtype))
        beyond = (counts < 0) | (counts >= bits)  # PyTorch: all bits shifted out (a right shift keeps the sign)
        fill = np.where(values < 0, -1, 0).astype(a.dtype) if numpy_op is np.right_shift else np.zeros_like(values)
        return Tensor(np.where(beyond, fill, shifted).astype(a.dtype))

    shift.__name__ = name
    return shift


bitwise_left_shift = _shift(np.left_shift, "bitwise_left_shift", "lshift")
bitwise_left_shift.__doc__ = """input << other: input's bits moved left by `other` places, in input's (promoted) integer
dtype, wrapping around; a shift by a negative count or by the dtype's width or more gives 0, as in PyTorch."""
bitwise_right_shift = _shift(np.right_shift, "bitwise_right_shift", "rshift")
bitwise_right_shift.__doc__ = """input >> other: input's bits moved right by `other` places (the sign kept: -7 >> 1 is -4);
a shift by a negative count or by the dtype's width or more gives 0, or -1 for a negative input, as in PyTorch."""
