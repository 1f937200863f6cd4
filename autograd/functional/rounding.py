"""Rounding to integers: floor, ceil, round (halves to even) and trunc.

Their gradient is 0 everywhere, as PyTorch gives it (the functions are piecewise constant); the
result stays in the graph, so code that rounds a tensor that requires grad still runs backward.
Integer tensors come back as a copy (they are already integers); bool tensors are refused, as in PyTorch.
"""

from ..primitives import Ceil, Floor, Round, Trunc
from ..pytorch.checks import integer


def _rounded(op, x, name, **params):
    if x.dtype.kind == "b":
        raise NotImplementedError(f'"{name}" is not implemented for bool tensors')
    if x.dtype.kind in "iu":
        if params.get("decimals"):
            raise NotImplementedError(f'"{name}" with decimals is not implemented for integer tensors ({x.dtype})')
        return x.clone()
    return op.apply(x, **params)


def floor(input):
    """⌊x⌋: the largest integer ≤ x (gradient 0)."""
    return _rounded(Floor, input, "floor")


def ceil(input):
    """⌈x⌉: the smallest integer ≥ x (gradient 0)."""
    return _rounded(Ceil, input, "ceil")


def trunc(input):
    """x rounded toward 0 (gradient 0)."""
    return _rounded(Trunc, input, "trunc")


def round(input, *, decimals=0):
    """x rounded to the nearest integer, halves to the even one (round(2.5) = 2, as in PyTorch), or
    to `decimals` decimal places (gradient 0)."""
    return _rounded(Round, input, "round", decimals=integer(decimals, "round", "decimals"))


fix = trunc
