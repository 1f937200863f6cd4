"""The affine map of a fully connected layer as one primitive: one node where matmul, a transpose and
a broadcast add would record three (PyTorch's addmm)."""
from math import prod

from ..function import Function
from .shapes import Reshape, matrix_transpose


class Linear(Function):
    """out = a bᵀ + c for the input a = x (*, in), the weight b = W (out, in) and the bias c (out) or none;
    da = g b,  db = gᵀ a (g and a flattened to rows: a sum over every leading axis),  dc = g (the engine
    sums it back to c's shape, as for any broadcast). The letters are the explorer's: its inputs in order."""

    def forward(self, x, weight, bias=None):
        if x.shape[-1] != weight.shape[-1]:
            raise ValueError(f"x has {x.shape[-1]} features, W expects {weight.shape[-1]}")
        out = x @ weight.T
        if bias is not None:
            out += bias  # in place: out is new, and as x Wᵀ + b it has out's shape
        return out

    def reads_input(self, i):
        return i < 2 and self.edges[1 - i] is not None  # x is read only for W's gradient, and W for x's

    def backward(self, ops, g):
        x, weight = ops.inputs(self)[:2]
        n = prod(g.shape[:-1])  # (the row count written out: -1 cannot be inferred when a feature count is 0)
        rows = ops(Reshape, g, shape=(n, g.shape[-1]))
        grad_x = g @ weight if self.needs_grad(0) else None
        grad_w = matrix_transpose(ops, rows) @ ops(Reshape, x, shape=(n, x.shape[-1])) if self.needs_grad(1) else None
        return (grad_x, grad_w) if len(self.edges) == 2 else (grad_x, grad_w, g)

    def pytorch_name(self):
        return "Addmm" if len(self.edges) > 2 else "Mm"

    def label(self):
        return "linear"
