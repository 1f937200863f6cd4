"""The view primitives under the names PyTorch gives their nodes, so that grad_fn and next_functions read as
PyTorch's: t() makes TBackward0, transpose() TransposeBackward0, index_select() IndexSelectBackward0, the
pieces of split() / chunk() / unbind() SplitBackward0 / SplitWithSizesBackward0 / UnbindBackward0 at the
piece's number (output_nr), and flip() FlipBackward0. Each is its primitive with a name: the rule is the
primitive's, and so is the forward but for Flip's copy.

One difference: PyTorch makes one node with an output per piece of a split; here each piece has its own node
(with the same name, output_nr and gradient), so `a.split(2)[0].grad_fn is a.split(2)[1].grad_fn` is False.
"""
from ..primitives import GetItem, Permute
from .arithmetic import copy_order

MULTI_OUTPUT = ("Split", "SplitWithSizes", "Unbind")  # their pieces refuse recorded in-place writes (inplace.py)


class NamedPermute(Permute):
    """out = a with its axes reordered (Permute);  da = g with the inverse order.  Named `op` (T, Transpose)."""

    __slots__ = ("op",)

    def __init__(self, dims, op):
        super().__init__(dims)
        self.op = op

    def pytorch_name(self):
        return self.op


class NamedGetItem(GetItem):
    """out = a[index] (GetItem);  da = zeros like a with g added at the indexed positions.  Named `op` (Split,
    Unbind, IndexSelect), the output_nr-th output of PyTorch's node."""

    __slots__ = ("op", "output_nr")

    def __init__(self, index, op, output_nr=0):
        super().__init__(index)
        self.op, self.output_nr = op, output_nr

    def pytorch_name(self):
        return self.op


class Flip(GetItem):
    """out = a reversed along some axes (a[::-1] there), a copy as PyTorch's flip;  da = g reversed back (GetItem's rule)"""

    __slots__ = ()

    def forward(self, a):
        return a[self.index].copy(order=copy_order(a))  # (a's layout, as PyTorch's flip)

    def pytorch_name(self):
        return "Flip"

    def label(self):
        return "flip"
