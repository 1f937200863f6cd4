"""PyTorch's strict matrix products: dot (vector · vector), mv (matrix @ vector), mm (matrix @ matrix).

Unlike matmul they accept only the ranks their names say, and both operands must share a dtype
(PyTorch's rule); each is then one matmul, so the gradients are matmul's.
"""
from ..tensor import Tensor
from .shapes import matmul


def _check(name, a, b, ranks):
    for t in (a, b):
        if not isinstance(t, Tensor):
            raise TypeError(f"{name}(): expected Tensors, got {type(t).__name__}")
    if (a.ndim, b.ndim) != ranks:
        raise RuntimeError(f"{name}(): expected {ranks[0]}-D and {ranks[1]}-D tensors, but got {a.ndim}-D and "
                           f"{b.ndim}-D (shapes {tuple(a.shape)} and {tuple(b.shape)})")
    if a.dtype != b.dtype:
        raise RuntimeError(f"{name}(): expected both tensors to have the same dtype, but found {a.dtype} and {b.dtype}")
    if a.shape[-1] != b.shape[0]:
        raise RuntimeError(f"{name}(): shapes {tuple(a.shape)} and {tuple(b.shape)} cannot be multiplied "
                           f"({a.shape[-1]} != {b.shape[0]})")


def dot(a, b):
    """a · b = Σᵢ aᵢ bᵢ for two 1-D tensors of the same length."""
    _check("dot", a, b, (1, 1))
    return matmul(a, b)


def mv(matrix, vector):
    """(A x)ᵢ = Σⱼ Aᵢⱼ xⱼ for a 2-D A and a 1-D x."""
    _check("mv", matrix, vector, (2, 1))
    return matmul(matrix, vector)


def mm(a, b):
    """(A B)ᵢⱼ = Σₖ Aᵢₖ Bₖⱼ for two 2-D tensors."""
    _check("mm", a, b, (2, 2))
    return matmul(a, b)
