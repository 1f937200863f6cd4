"""Rounding to integers: floor, ceil, round (halves to even) and trunc, floor division (//) and the
remainders (%, fmod).

Their gradient is 0 everywhere, as PyTorch gives it (the functions are piecewise constant); the
result stays in the graph, so code that rounds a tensor that requires grad still runs backward.
Integer tensors come back as a copy (they are already integers); bool tensors are refused, as in PyTorch.
"""

import numpy as np

from ..primitives import Ceil, Floor, FloorDivide, Modulo, Round, Trunc
from ..pytorch.checks import integer
from ..pytorch.promotion import is_number
from ..tensor import Tensor
from .arithmetic import operands, promote, to
from .arithmetic import require_tensor
from .saved import number_inputs


def _rounded(op, x, name, **params):
    if x.dtype.kind in "bc":
        raise NotImplementedError(f'"{name}" is not implemented for {"bool" if x.dtype.kind == "b" else "complex"} tensors')
    if x.dtype.kind in "iu":
        if params.get("decimals"):
            raise NotImplementedError(f'"{name}" with decimals is not implemented for integer tensors ({x.dtype})')
        return x.clone()
    return op.apply(x, **params)


def floor(input):
    """⌊x⌋: the largest integer ≤ x (gradient 0)."""
    require_tensor(input, "floor")
    return _rounded(Floor, input, "floor")


def ceil(input):
    """⌈x⌉: the smallest integer ≥ x (gradient 0)."""
    require_tensor(input, "ceil")
    return _rounded(Ceil, input, "ceil")


def trunc(input):
    """x rounded toward 0 (gradient 0)."""
    require_tensor(input, "trunc")
    return _rounded(Trunc, input, "trunc")


def round(input, *, decimals=0):
    """x rounded to the nearest integer, halves to the even one (round(2.5) = 2, as in PyTorch), or
    to `decimals` decimal places (gradient 0)."""
    require_tensor(input, "round")
    return _rounded(Round, input, "round", decimals=integer(decimals, "round", "decimals"))


fix = trunc


def _division(op, input, other, kernel, **params):
    """op applied to input and other promoted as PyTorch promotes them (see floor_divide; only floor_divide
    computes a float16 input with a number in float32)."""
    a, b = operands(input, other)
    if a.dtype == np.bool_ or a.dtype.kind == "c":  # (complex numbers have no floor: PyTorch has no kernel)
        raise NotImplementedError(f"\"{kernel}_cpu\" not implemented for {'Bool' if a.dtype == np.bool_ else a.dtype}")
    if a.dtype.kind in "iu" and a.numel() and not np.all(b.numpy()):  # (an empty result divides nothing)
        raise RuntimeError("ZeroDivisionError")
    if op is FloorDivide and a.dtype == np.float16 and (is_number(other) or (isinstance(other, Tensor) and other.ndim == 0
                                                       and other.dtype != np.float16)):
        (a,), (b,) = promote(input, dtype=np.float32), promote(other, dtype=np.float32)
        return to(op.apply(a, b, **params), np.float16)
    return op.apply(a, b, **params)


def floor_divide(input, other):
    """⌊input / other⌋ elementwise, Python's // (rounded toward −∞: -7 // 2 is -4), promoted as PyTorch promotes
    it; a float16 result with a number or a 0-d tensor as `other` is computed in float32 and rounded once, as
    PyTorch does. Integer division by zero is refused (PyTorch's ZeroDivisionError); floats give ±inf or nan.
    No gradient: backward through it is refused, as PyTorch refuses it (use floor(a / b), whose gradient is 0)."""
    return _division(FloorDivide, input, other, "div_floor")


def remainder(input, other):
    """input − other·⌊input / other⌋, Python's % (the result has other's sign: -7 % 3 is 2), promoted and
    refused as floor_divide; gradient 1 for input and −⌊input / other⌋ for other, as PyTorch's."""
    result = _division(Modulo, input, other, "remainder", rounding="floor", overload=int(not is_number(other)))
    return number_inputs(result, 1) if is_number(other) else result  # (PyTorch's RemainderBackward0: one input)


def fmod(input, other):
    """input − other·trunc(input / other), C's fmod (the result has input's sign: fmod(-7, 3) is -1), promoted
    and refused as floor_divide; gradient 1 for input and −trunc(input / other) for other, as PyTorch's."""
    result = _division(Modulo, input, other, "fmod", rounding="trunc", overload=int(not is_number(other)))
    return number_inputs(result, 1) if is_number(other) else result  # (PyTorch's FmodBackward0: one input)
