"""Matrix product of (batches of) matrices: the workhorse of every layer."""
from ..function import Function
from .shape import matrix_transpose


class MatMul(Function):
    """out = a @ b for a (..., n, k) and b (..., k, m), batch axes broadcast;
    da = g @ bᵀ,  db = aᵀ @ g  (the engine sums over broadcast batch axes)"""

    def forward(self, a, b):
        if a.shape[-1] != b.shape[-2]:
            raise ValueError(f"inner dimensions differ ({a.shape[-1]} != {b.shape[-2]})")
        return a @ b

    def reads_input(self, i):
        return self.edges[1 - i] is not None  # a is read only for b's gradient, and b for a's

    def backward(self, grad, out):
        a, b = self.inputs
        grad_a = MatMul.apply(grad, matrix_transpose(b)) if a._requires_grad else None
        grad_b = MatMul.apply(matrix_transpose(a), grad) if b._requires_grad else None
        return grad_a, grad_b

    def label(self):
        return "matmul"
