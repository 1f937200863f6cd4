"""Reductions: Sum and Max over some axes (all axes when `axis` is None), and BroadcastTo, the
adjoint of Sum (its gradient is a sum, and Sum's is a broadcast)."""
import numpy as np

from ..function import Function
from .elementwise import Where
from .shapes import Reshape


def kept_shape(shape, axis):
    """The shape of a reduction over `axis` with keepdims=True (reduced axes become 1)."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


class Sum(Function):
    """out = Σ_axis a;  da = g copied back along the summed axes"""

    reads_inputs = False

    __slots__ = ("axis", "keepdims")  # the parameters, kept without a per-node dict

    def __init__(self, axis=None, keepdims=False):
        self.axis = axis  # None or a tuple of non-negative ints
        self.keepdims = keepdims

    def forward(self, a):
        reduce = np.add.reduce if a.dtype.kind == "f" else np.sum  # (numpy_warnings.py)
        return np.asarray(reduce(a, axis=self.axis, keepdims=self.keepdims), order="C")  # row-major, as PyTorch's

    def __repr__(self):
        return "<SumBackward0>" if self.axis is None else "<SumBackward1>"  # PyTorch's two overloads

    def backward(self, ops, g):
        shape = self.inputs[0].shape
        kept = kept_shape(shape, self.axis)
        if g.shape != kept:
            g = ops(Reshape, g, shape=kept)
        return (g if g.shape == shape else ops(BroadcastTo, g, shape=shape),)

    def label(self):
        return "sum" if self.axis is None else f"sum(dim={_axis_text(self.axis)})"


class Max(Function):
    """out = max_axis a;  da = g shared equally among the positions that hold the maximum

    `others` None: PyTorch's amax, g times the 0/1 mask (a NaN maximum: its line's gradients NaN). Else its max():
    the NaNs share g, the rest get exactly `others` even where g is ±inf or NaN (−0.0 in min() = −max(−x))."""

    saves_output = True

    __slots__ = ("axis", "keepdims", "others")  # the parameters, kept without a per-node dict

    def __init__(self, axis=None, keepdims=False, others=0.0):
        self.axis = axis
        self.keepdims = keepdims
        self.others = others

    def forward(self, a):
        return np.asarray(a.max(axis=self.axis, keepdims=self.keepdims), order="C")  # row-major, as PyTorch's

    def backward(self, ops, g):
        a = self.inputs[0]
        shape = kept_shape(a.shape, self.axis)
        is_max = a == self.output.reshape(shape)
        is_max |= np.isnan(a) if self.others is not None else False  # max(): a NaN is its line's maximum (NumPy's)
        ties = is_max.sum(axis=self.axis, keepdims=True, dtype=a.dtype)  # small: one per maximum
        with np.errstate(divide="ignore", invalid="ignore"):  # no tie at all (a NaN maximum): 0/0 = NaN
            share = ops(Reshape, g, shape=shape) / ties
            return (share * is_max if self.others is None else ops(Where, share, self.others, condition=is_max),)

    def label(self):
        return "max" if self.axis is None else f"max(dim={_axis_text(self.axis)})"


def _axis_text(axis):
    return str(axis[0]) if len(axis) == 1 else str(axis)


def sum_to(ops, g, shape):
    """Undo broadcasting: sum g over the axes along which an input of `shape` was broadcast.

    Leading axes that broadcasting added are summed away, then axes where the input had size 1."""
    lead = len(g.shape) - len(shape)
    if lead < 0 or any(n != 1 and m != n for n, m in zip(shape, g.shape[lead:], strict=True)):
        raise RuntimeError(f"a backward rule gave a gradient of shape {tuple(g.shape)} for an input of shape "
                           f"{tuple(shape)}: it cannot be summed back to it (`.data =` gave a tensor of the graph "
                           "another shape, a hook returned the wrong shape, or a primitive's rule has a bug)")
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape) if n == 1 and g.shape[lead + i] != 1)
    if axes:
        g = ops(Sum, g, axis=axes)
    return g if tuple(g.shape) == tuple(shape) else ops(Reshape, g, shape=tuple(shape))


class BroadcastTo(Function):
    """out = a repeated along new or size-1 axes;  da = g summed back to a's shape"""

    reads_inputs = False
    is_view = True

    __slots__ = ("shape",)  # the parameters, kept without a per-node dict

    def __init__(self, shape):
        self.shape = shape

    def forward(self, a):
        if np.prod(self.shape) == a.size:  # nothing repeats (new axes of size 1): a writable view, as PyTorch's
            return a.reshape(self.shape)
        return np.broadcast_to(a, self.shape)

    def pytorch_name(self):
        return "Expand"

    def backward(self, ops, g):
        return (sum_to(ops, g, self.inputs[0].shape),)

    def label(self):
        return f"expand{self.shape}"
