"""Parts and signs of numbers: frac, signbit and positive, as PyTorch's."""
import numpy as np

from ..tensor import Tensor
from .special_functions import TORCH_DTYPE_NAMES
from .saved import composite


def _check_tensor(input, name):
    if not isinstance(input, Tensor):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not {type(input).__name__}")


@composite("frac")
def frac(input):
    """x − trunc x, the fractional part with x's sign (NaN for ±inf and NaN, as PyTorch's);  d/dx = 1 (trunc's
    gradient is 0). Float tensors only, as PyTorch's."""
    _check_tensor(input, "frac")
    if input.dtype.kind != "f":
        raise NotImplementedError(f"\"frac_cpu\" not implemented for '{TORCH_DTYPE_NAMES[input.dtype.name]}'")
    return input - input.trunc()


def signbit(input):
    """Whether each element's sign bit is set, as a bool tensor without gradient: True for −0.0, −inf and a NaN
    whose sign bit is set (C's signbit), x < 0 for integers, False for bools."""
    _check_tensor(input, "signbit")
    if input.dtype.kind == "c":
        raise NotImplementedError("signbit is not implemented for complex tensors.")
    if input.dtype == np.bool_:
        return Tensor(np.zeros(input.shape, dtype=np.bool_))
    return Tensor(np.signbit(input._data))


def positive(input):
    """+x: the input itself, as PyTorch's (not a copy); bool tensors are refused, as PyTorch's."""
    _check_tensor(input, "positive")
    if input.dtype == np.bool_:
        raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
    return input
