"""Primitives for ops whose PyTorch node saves no tensor, only sizes and numbers (MeanBackward0, AddBackward0
with alpha, TrilBackward0): composed here of primitives that save a tensor (mean = Σ / n, a Div by a constant
tensor; add(alpha=) a Mul by one; tril a Where with a mask), a second backward through them was refused where
PyTorch runs it. Each rule reads only its input's shape (saved_tensors.py lets a freed graph run them again)."""
import math

import numpy as np

from ..function import Function
from .reductions import Sum


class Mean(Sum):
    """out = Σ_axis a / n, n the number of elements averaged;  da = g / n copied back along the averaged axes
    (for n = 0, g itself: nothing is copied back, and g / 0 would make the gradient's own derivative NaN)"""

    __slots__ = ()

    def forward(self, a):
        return super().forward(a) / self._count(a.shape)

    def _count(self, shape):
        return math.prod(shape) if self.axis is None else math.prod(shape[i] for i in self.axis)

    def backward(self, ops, g):
        count = self._count(self.inputs[0].shape)
        return super().backward(ops, g / count if count else g)

    def __repr__(self):
        return "<MeanBackward0>" if self.axis is None else "<MeanBackward1>"  # PyTorch's two overloads

    def label(self):
        return "mean" if self.axis is None else f"mean(dim={', '.join(map(str, self.axis))})"


class ScaledAdd(Function):
    """out = a + alpha·b (a − alpha·b when `subtract`), alpha a 0-d array of the result's dtype;
    da = g, db = ±alpha·g"""

    reads_inputs = False

    __slots__ = ("alpha", "subtract")  # the parameters, kept without a per-node dict

    def __init__(self, alpha, subtract=False):
        self.alpha = alpha
        self.subtract = subtract

    def forward(self, a, b):
        scaled = b * self.alpha
        return a - scaled if self.subtract else a + scaled

    def backward(self, ops, g):
        alpha = self.alpha.item()
        return g, g * (-alpha if self.subtract else alpha)

    def pytorch_name(self):
        return "Sub" if self.subtract else "Add"

    def label(self):
        return f"{self.pytorch_name().lower()}(alpha={self.alpha.item():g})"


class Triangle(Function):
    """out = a's lower (upper, with `upper`) triangle from the `diagonal`-th diagonal, zeros elsewhere, over the
    last two dims;  da = the same triangle of g"""

    reads_inputs = False

    __slots__ = ("diagonal", "upper")  # the parameters, kept without a per-node dict

    def __init__(self, diagonal=0, upper=False):
        self.diagonal = diagonal
        self.upper = upper

    def forward(self, a):
        return np.asarray((np.triu if self.upper else np.tril)(a, self.diagonal), order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        return (ops(Triangle, g, diagonal=self.diagonal, upper=self.upper),)

    def pytorch_name(self):
        return "Triu" if self.upper else "Tril"

    def label(self):
        return f"{self.pytorch_name().lower()}({self.diagonal})" if self.diagonal else self.pytorch_name().lower()
