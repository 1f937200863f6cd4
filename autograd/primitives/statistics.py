"""Reductions whose PyTorch rule is not the composition's: the variance (var, std) and the 0-"norm".

var composed from mean and square differentiates through the mean too: that term is Σ 2(a − ā)/n = 0,
but with an infinite a it is ∞ − ∞ = NaN, and makes every gradient of the line NaN. PyTorch's rule leaves
it out, so an infinite a gets ±∞ at its own place and NaN only where a − ā is NaN. The 0-"norm", the
number of non-zero elements, requires grad in PyTorch but passes no gradient back (.grad stays None).
"""
import math

import numpy as np

from ..function import Function
from .elementwise import Abs
from .reductions import Sum, kept_shape
from .shapes import Reshape


def _count(shape, axis):
    return math.prod(shape) if axis is None else math.prod(shape[i] for i in axis)


class Var(Function):
    """out = Σ_axis (a − ā)² / (n − correction), ā the mean over `axis`;  da = g · 2 (a − ā) / (n − correction)

    (n − correction ≤ 0 divides by 0, as PyTorch's value does with max(0, n − correction): ∞, or NaN for
    0/0; an empty reduction (n = 0) is NaN whatever the correction, as PyTorch's. The gradient there is
    PyTorch's, not its value's: over a dim it divides by the negative n − correction (finite numbers), over
    all elements it is g · ∞ · |a − ā| (the sign of g, NaN where a = ā).)"""

    __slots__ = ("axis", "keepdims", "correction")  # the parameters, kept without a per-node dict

    def __init__(self, axis=None, keepdims=False, correction=1):
        self.axis = axis  # None or a tuple of non-negative ints
        self.keepdims = keepdims
        self.correction = correction

    def _divisor(self, shape):
        count = _count(shape, self.axis)
        return max(count - self.correction, 0) if count else 0

    def forward(self, a):
        deviation = a - np.add.reduce(a, axis=self.axis, keepdims=True) / _count(a.shape, self.axis)
        spread = np.add.reduce(deviation * deviation, axis=self.axis, keepdims=self.keepdims) / self._divisor(a.shape)
        return np.asarray(spread, order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        (a,) = ops.inputs(self)
        shape = self.inputs[0].shape
        kept = kept_shape(shape, self.axis)
        if g.shape != kept:
            g = ops(Reshape, g, shape=kept)
        mean = ops(Sum, a, axis=self.axis, keepdims=True) / _count(shape, self.axis)
        divisor = _count(shape, self.axis) - self.correction
        if divisor <= 0 and self.axis is None:
            return (g * (ops(Abs, a - mean) * math.inf),)  # (∞ times a first: empty a, its derivative in g is 0)
        return (g * (2.0 / divisor if divisor else math.inf) * (a - mean),)

    def label(self):
        return "var" if self.axis is None else f"var(dim={self.axis})"


class CountNonzero(Function):
    """out = the number of non-zero elements of a over `axis` (norm(p=0)), in a's dtype;  da = none

    (the count is piecewise constant; PyTorch records the node but passes no gradient back)"""

    reads_inputs = False

    __slots__ = ("axis", "keepdims")  # the parameters, kept without a per-node dict

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis
        self.keepdims = keepdims

    def forward(self, a):
        return np.asarray(np.count_nonzero(a, axis=self.axis, keepdims=self.keepdims)).astype(a.dtype)

    def backward(self, ops, g):
        return (None,)

    def pytorch_name(self):
        return "LinalgVectorNorm"
