"""Matrix product of (batches of) matrices: the workhorse of every layer."""
from ..function import Function
from .shapes import matrix_transpose


class MatMul(Function):
    """out = a @ b for a (..., n, k) and b (..., k, m), batch axes broadcast;
    da = g @ bᵀ,  db = aᵀ @ g  (the engine sums over broadcast batch axes)"""

    def forward(self, a, b):
        if a.shape[-1] != b.shape[-2]:
            raise ValueError(f"inner dimensions differ ({a.shape[-1]} != {b.shape[-2]})")
        return a @ b

    def reads_input(self, i):
        return self.edges[1 - i] is not None  # a is read only for b's gradient, and b for a's

    def backward(self, ops, g):
        a, b = ops.inputs(self)
        grad_a = ops(MatMul, g, matrix_transpose(ops, b)) if self.needs_grad(0) else None
        grad_b = ops(MatMul, matrix_transpose(ops, a), g) if self.needs_grad(1) else None
        return grad_a, grad_b

    def pytorch_name(self):
        """Mm for two matrices, Bmm for batches (PyTorch's matmul records one of these)."""
        return "Mm" if self.inputs is not None and all(a.ndim == 2 for a in self.inputs) else "Bmm"

    def label(self):
        return "matmul"
