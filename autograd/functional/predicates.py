"""Elementwise tests and the positions where they hold (PyTorch's isinf, isposinf, isneginf, isclose, allclose,
nonzero, argwhere) and masked_select. Tests give bool tensors outside the graph, as PyTorch's; masked_select is an
indexing (its gradient flows back to the selected places).

    isclose(a, b) = |a − b| ≤ atol + rtol · |b|   (equal infinities are close; NaNs only with equal_nan)
"""
import numpy as np

from ..tensor import Tensor
from .arithmetic import operands
from .shapes import getitem


def isinf(input):
    """Where input is +∞ or −∞ (never for integers)."""
    return Tensor(np.isinf(input.detach().numpy()))


def isposinf(input):
    return Tensor(np.isposinf(input.detach().numpy()))


def isneginf(input):
    return Tensor(np.isneginf(input.detach().numpy()))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Where |input − other| ≤ atol + rtol · |other| (broadcast); input and other must have the same dtype."""
    if isinstance(input, Tensor) and isinstance(other, Tensor) and input.dtype != other.dtype:
        raise RuntimeError(f"isclose: {input.dtype} did not match {other.dtype} (both must have the same dtype)")
    a, b = operands(input, other)
    return Tensor(np.isclose(a.detach().numpy(), b.detach().numpy(), rtol=rtol, atol=atol, equal_nan=equal_nan))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether isclose holds everywhere (a Python bool)."""
    return bool(isclose(input, other, rtol, atol, equal_nan).numpy().all())


def nonzero(input, *, as_tuple=False):
    """The indices of the nonzero elements: an (n, ndim) int64 tensor in row-major order, or with as_tuple one
    int64 vector per dim (a 0-d input counts as a vector of one element there, as PyTorch's)."""
    array = input.detach().numpy()
    if as_tuple:
        return tuple(Tensor(i.astype(np.int64)) for i in np.nonzero(array.reshape(-1) if array.ndim == 0 else array))
    return Tensor(np.ascontiguousarray(np.argwhere(array).astype(np.int64)))


def argwhere(input):
    """nonzero(input): the (n, ndim) indices of the nonzero elements."""
    return nonzero(input)


def masked_select(input, mask):
    """The elements of input where the bool mask (the two broadcast together) is true, as a vector in row-major
    order; the gradient flows back to those places (summed over broadcast copies)."""
    if not isinstance(mask, Tensor) or mask.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    try:
        shape = np.broadcast_shapes(input.shape, mask.shape)
    except ValueError:
        raise RuntimeError(f"masked_select: the mask's shape {tuple(mask.shape)} does not broadcast with the "
                           f"tensor's shape {tuple(input.shape)}") from None
    values = input.expand(shape) if input.shape != shape else input
    return getitem(values, Tensor(np.ascontiguousarray(np.broadcast_to(mask.numpy(), shape))))
