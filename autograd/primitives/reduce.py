"""Reductions: Sum and Max over some axes (all axes when `axis` is None)."""
import numpy as np

from ..function import Function
from ..tensor import Tensor
from .shape import BroadcastTo, Reshape


def kept_shape(shape, axis):
    """The shape of a reduction over `axis` with keepdims=True (reduced axes become 1)."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


class Sum(Function):
    """out = Σ_axis a;  da = g copied back along the summed axes"""

    saves_inputs = False

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis  # None or a tuple of non-negative ints
        self.keepdims = keepdims

    def forward(self, a):
        return a.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad, out):
        shape = self.inputs[0]._data.shape
        kept = kept_shape(shape, self.axis)
        if grad._data.shape != kept:
            grad = Reshape.apply(grad, shape=kept)
        return (grad if grad._data.shape == shape else BroadcastTo.apply(grad, shape=shape),)

    def label(self):
        return "sum" if self.axis is None else f"sum(dim={_axis_text(self.axis)})"


class Max(Function):
    """out = max_axis a;  da = g shared equally among the positions that hold the maximum (the NaNs, if any)"""

    saves_output = True

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, a):
        return a.max(axis=self.axis, keepdims=self.keepdims)

    def backward(self, grad, out):
        a = self.inputs[0]
        shape = kept_shape(a.shape, self.axis)
        peak = out._data.reshape(shape)
        is_max = (a._data == peak) | (np.isnan(a._data) & np.isnan(peak))  # a NaN maximum: the NaNs share
        ties = is_max.sum(axis=self.axis, keepdims=True, dtype=a.dtype)  # small: one per maximum
        return (grad.reshape(shape) / Tensor(ties) * Tensor(is_max),)

    def label(self):
        return "max" if self.axis is None else f"max(dim={_axis_text(self.axis)})"


def _axis_text(axis):
    return str(axis[0]) if len(axis) == 1 else str(axis)
