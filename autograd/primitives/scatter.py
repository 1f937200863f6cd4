"""The primitives of scatter_add (and index_add), of scatter_reduce's amax and amin, and of the legacy
scatter(reduce='add' | 'multiply'), which no composition gives exactly (autograd/functional/indexed_writes.py
composes the rest from GetItem and IndexPut); and NoDerivative, for results PyTorch gives no gradient."""
import numpy as np

from ..function import Function
from .shapes import GetItem


class ScatterAdd(Function):
    """out = a with src added at index, one value after another;  da = g,  dsrc = g[index]

    (a + s₀ + s₁ + ...: PyTorch's order, so float sums round as PyTorch's do.)"""

    reads_inputs = False

    __slots__ = ("index",)

    def __init__(self, index):
        self.index = index

    def forward(self, a, src):
        out = a.copy()
        np.add.at(out, self.index, src)
        return out

    def backward(self, ops, g):
        return g, ops(GetItem, g, index=self.index)

    def label(self):
        return "scatter_add"


class ScatterExtremum(Function):
    """out[index] = max (min) of a[index], src;  da = g·[a = out]/n,  dsrc = g[index]·[src = out[index]]/n

    n is the number of values equal to out at each place: PyTorch's rule, the gradient shared evenly among ties
    (NaN where out is NaN, as PyTorch's). a[index] counts only when include_self.
    Without include_self, input's value still counts among the ties at the places written (PyTorch's rule does so)
    though its own gradient there is 0."""

    reads_inputs = False

    __slots__ = ("index", "smaller", "include_self", "weights")

    def __init__(self, index, smaller, include_self):
        self.index, self.smaller, self.include_self = index, smaller, include_self

    def forward(self, a, src):
        reduce = np.minimum if self.smaller else np.maximum
        out = a.copy()
        if not self.include_self:  # the places written start from the reduction's identity
            limits = np.finfo(a.dtype) if a.dtype.kind == "f" else np.iinfo(a.dtype)
            out[self.index] = (np.inf if self.smaller else -np.inf) if a.dtype.kind == "f" else (
                limits.max if self.smaller else limits.min)
        reduce.at(out, self.index, src)
        self_is_result, src_is_result = a == out, src == out[self.index]
        ties = self_is_result.astype(a.dtype)
        np.add.at(ties, self.index, src_is_result)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 1 / ties  # inf where nothing equals out (NaN): 0 · inf = NaN below, as PyTorch's
            self_weight = self_is_result * share
            if not self.include_self:  # input's value still counts among the ties, as in PyTorch's rule
                self_weight[self.index] = 0
            self.weights = self_weight.astype(a.dtype), (src_is_result * share[self.index]).astype(a.dtype)
        return out

    def backward(self, ops, g):
        self_weight, src_weight = self.weights
        return g * self_weight, ops(GetItem, g, index=self.index) * src_weight

    def pytorch_name(self):
        return "ScatterReduce"

    def label(self):
        return "scatter_reduce(amin)" if self.smaller else "scatter_reduce(amax)"


class ScatterLegacyReduce(Function):
    """out = a with out[index] += src (reduce='add') or *= src (reduce='multiply');  no gradient: backward refuses

    Repeated places accumulate. PyTorch has no derivative for scatter with reduce= either: use scatter_add or
    scatter_reduce, which have one."""

    reads_inputs = False

    __slots__ = ("index", "reduce")

    def __init__(self, index, reduce):
        self.index, self.reduce = index, reduce

    def forward(self, a, src):
        out = a.copy()
        (np.add if self.reduce == "add" else np.multiply).at(out, self.index, src)
        return out

    def backward(self, ops, g):
        raise RuntimeError("derivative for aten::scatter is not implemented (scatter with reduce= has no gradient in "
                           "PyTorch either: use scatter_add or scatter_reduce, which have one)")

    def pytorch_name(self):
        return "NotImplemented"

    def label(self):
        return f"scatter(reduce={self.reduce!r})"


class NoDerivative(Function):
    """out = a result computed from a outside the graph;  no gradient: backward refuses, naming the op

    unique's values, bincount's weighted counts: PyTorch has no derivative for them either."""

    reads_inputs = False

    __slots__ = ("result", "op", "error")

    def __init__(self, result, op, error=RuntimeError):
        self.result, self.op, self.error = result, op, error

    def forward(self, a):
        return self.result

    def backward(self, ops, g):
        raise self.error(f"the derivative for '{self.op}' is not implemented (PyTorch has none either)")

    def pytorch_name(self):
        return {"_unique2": "Unique2", "unique_consecutive": "UniqueConsecutive"}.get(self.op, "NotImplemented")

    def label(self):
        return self.op
