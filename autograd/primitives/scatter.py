"""The primitives of scatter_add (and index_add), of scatter_reduce's amax, amin and prod, and of the legacy
scatter(reduce='add' | 'multiply'), which no composition gives exactly (autograd/functional/indexed_writes.py
composes the rest from GetItem and IndexPut); and NoDerivative, for results PyTorch gives no gradient."""
import numpy as np

from ..function import Function
from .elementwise import Where
from .shapes import GetItem


class ScatterAdd(Function):
    """out = a with src added at index, one value after another;  da = g,  dsrc = g[index]

    (a + s₀ + s₁ + ...: PyTorch's order, so float sums round as PyTorch's do. `widen`: float16 is summed in
    float32 and rounded once, as PyTorch's scatter_add / scatter_reduce kernel; its index_add and index_put
    round at every step, as without it.)"""

    reads_inputs = False

    __slots__ = ("index", "widen")

    def __init__(self, index, widen=False):
        self.index, self.widen = index, widen

    def forward(self, a, src):
        wide = self.widen and a.dtype == np.float16
        out = a.astype(np.float32) if wide else a.copy()
        np.add.at(out, self.index, src)
        return out.astype(a.dtype) if wide else out

    def backward(self, ops, g):
        return g, ops(GetItem, g, index=self.index)

    def label(self):
        return "scatter_add"


class ScatterExtremum(Function):
    """out[index] = max (min) of a[index], src;  da = g·[a = out]/n,  dsrc = g[index]·[src = out[index]]/n

    n is the number of values equal to out at each place: PyTorch's rule, the gradient shared evenly among ties
    (NaN where out is NaN, as PyTorch's). a[index] counts only when include_self.
    Without include_self, input's value still counts among the ties at the places written (PyTorch's rule does so)
    though its own gradient there is 0, picked (0 even where g is inf or NaN), as PyTorch's masked_fill."""

    reads_inputs = False

    __slots__ = ("index", "smaller", "include_self", "weights", "written")

    def __init__(self, index, smaller, include_self):
        self.index, self.smaller, self.include_self = index, smaller, include_self

    def forward(self, a, src):
        reduce = np.minimum if self.smaller else np.maximum
        out = a.copy()
        if not self.include_self:  # the places written start from the reduction's identity
            out[self.index] = _identity(a.dtype, self.smaller)
        reduce.at(out, self.index, src)
        self_is_result, src_is_result = a == out, src == out[self.index]
        ties = self_is_result.astype(a.dtype if a.dtype.kind == "f" else np.float64)
        np.add.at(ties, self.index, src_is_result)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = 1 / ties  # inf where nothing equals out (NaN): 0 · inf = NaN below, as PyTorch's
            self_weight = self_is_result * share
            self.written = None
            if not self.include_self:  # input's value still counts among the ties, as in PyTorch's rule
                self.written = np.zeros(a.shape, dtype=bool)
                self.written[self.index] = True
            self.weights = self_weight.astype(a.dtype), (src_is_result * share[self.index]).astype(a.dtype)
        return out

    def backward(self, ops, g):
        self_weight, src_weight = self.weights
        grad_a = g * self_weight if self.written is None else ops(Where, 0, g * self_weight, condition=self.written)
        return grad_a, ops(GetItem, g, index=self.index) * src_weight

    def pytorch_name(self):
        return "ScatterReduce"

    def label(self):
        return "scatter_reduce(amin)" if self.smaller else "scatter_reduce(amax)"


def _identity(dtype, smaller):
    """The identity of min (smaller) or max in dtype: ±inf for floats, the largest or smallest integer, True or
    False for bools."""
    if dtype.kind == "f":
        return np.inf if smaller else -np.inf
    if dtype == np.bool_:
        return smaller
    return np.iinfo(dtype).max if smaller else np.iinfo(dtype).min


class ScatterProd(Function):
    """out = a with each place p that index names set to a_p · Π src_i over the src values sent there (without
    a_p unless include_self), multiplied in index's order, float16 in float32 and rounded once, integers
    wrapping in their dtype, as PyTorch's scatter_reduce(prod). Places nothing is sent to keep a_p.

    PyTorch's per-place rule, to the NaN: with â = a where a ≠ 0, else 1,
        da = g · scatter_prod(â, src) / â                  (0 at the places written, without include_self)
        dsrc_i = (g · out)[index_i] / src_i                where src_i ≠ 0
               = (g · scatter_prod(a, src with src_i = 1))[index_i]   where src_i is its place's only zero
               = 0                                         where its place has other zeros from src
    Sorting the places makes it O(n log n) in time and O(n) in memory (np.multiply.reduceat per place)."""

    __slots__ = ("index", "include_self")
    saves_output = True

    def __init__(self, index, include_self):
        self.index, self.include_self = index, include_self

    def forward(self, a, src):
        target = np.ravel_multi_index(np.broadcast_arrays(*self.index), a.shape).reshape(-1)
        values, flat = src.reshape(-1), a.reshape(-1)
        written = np.unique(target)
        if self.include_self:  # a_p first in its place's run, as PyTorch multiplies
            target, values = np.concatenate([written, target]), np.concatenate([flat[written], values])
        order = np.argsort(target, kind="stable")
        starts = np.flatnonzero(np.diff(target[order], prepend=-1))
        accumulator = np.float32 if a.dtype == np.float16 else a.dtype
        out = flat.copy()
        with np.errstate(invalid="ignore", over="ignore"):  # (0 · inf is NaN and overflow inf, as PyTorch's)
            out[written] = np.multiply.reduceat(values[order], starts, dtype=accumulator)
        return out.reshape(a.shape)

    def backward(self, ops, g):
        a, src = ops.inputs(self)
        self_values, src_values = self.inputs
        with np.errstate(divide="ignore", invalid="ignore"):
            masked_self = ops(Where, 1, a, condition=self_values == 0)
            grad_self = g * ops(ScatterProd, masked_self, src, index=self.index, include_self=self.include_self)
            grad_self = grad_self / masked_self
            if not self.include_self:
                written = np.zeros(self_values.shape, dtype=bool)
                written[self.index] = True
                grad_self = ops(Where, 0, grad_self, condition=written)
            src_zero = src_values == 0
            zeros_at = np.zeros(self_values.shape, dtype=np.int64)
            np.add.at(zeros_at, self.index, src_zero)
            single = src_zero & (zeros_at[self.index] == 1)
            others = ops(ScatterProd, a, ops(Where, 1, src, condition=single), index=self.index,
                         include_self=self.include_self)
            divided = ops(GetItem, g * ops.output(self), index=self.index) / ops(Where, 1, src, condition=src_zero)
            grad_src = ops(Where, ops(GetItem, g * others, index=self.index), divided, condition=single)
        return grad_self, grad_src

    def pytorch_name(self):
        return "ScatterReduce"

    def label(self):
        return "scatter_reduce(prod)"


class ScatterLegacyReduce(Function):
    """out = a with out[index] += src (reduce='add') or *= src (reduce='multiply');  no gradient: backward refuses

    Repeated places accumulate. PyTorch has no derivative for scatter with reduce= either: use scatter_add or
    scatter_reduce, which have one."""

    reads_inputs = False

    __slots__ = ("index", "reduce")

    def __init__(self, index, reduce):
        self.index, self.reduce = index, reduce

    def forward(self, a, src):
        wide = self.reduce == "add" and a.dtype == np.float16  # (float16 summed in float32, as PyTorch's)
        out = a.astype(np.float32) if wide else a.copy()
        (np.add if self.reduce == "add" else np.multiply).at(out, self.index, src)
        return out.astype(a.dtype) if wide else out

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
