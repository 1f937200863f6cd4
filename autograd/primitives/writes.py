"""The primitives behind recorded in-place writes (autograd/inplace.py): `t[index] = value`, and
a write through a view, recorded on the view's base."""
import numpy as np

from ..function import Function
from ..views import view_of_array
from .shapes import GetItem


class IndexPut(Function):
    """out = a with out[index] = b (b broadcast to the indexed part);
    da = g with g[index] = 0,  db = g[index]"""

    reads_inputs = False

    __slots__ = ("index",)  # the parameters, kept without a per-node dict

    def __init__(self, index):
        self.index = index  # a tuple, normalised by functional.normalize_index

    def forward(self, a, b):
        out = a.copy()
        out[self.index] = b
        return out

    def backward(self, ops, g):
        return ops(IndexPut, g, 0, index=self.index), ops(GetItem, g, index=self.index)

    def label(self):
        return "index_put"


class CopySlices(Function):
    """out = a with its view `view_ops` replaced by b (a write through a view of a);
    da = g with that view zeroed,  db = that view of g"""

    reads_inputs = False

    __slots__ = ("view_ops",)  # the parameters, kept without a per-node dict

    def __init__(self, view_ops):
        self.view_ops = view_ops  # (primitive class, params) pairs that make the view from a

    def forward(self, a, b):
        out = a.copy(order="K")  # the same memory layout as a, so the same ops give a view
        region = view_of_array(out, self.view_ops)
        region[...] = b
        if not np.may_share_memory(region, out):  # a laid out unlike the base (a gradient): a copy, put by position
            np.put(out, view_of_array(np.arange(a.size).reshape(a.shape), self.view_ops), region)
        return out

    def backward(self, ops, g):
        view = g
        for cls, params in self.view_ops:
            view = ops(cls, view, **params)
        return ops(CopySlices, g, 0, view_ops=self.view_ops), view

    def label(self):
        return "copy_slices"
